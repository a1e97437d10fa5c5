package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The durable subscriptions' state as of a CommitLog offset, written as dispatch records so that restoring it is
 * applying them: the broker then replays only the records from that offset on, and retention may delete what lies
 * before it.
 *
 * <pre>
 *   int magic, long coversUpTo, int count, count x (int length, record), int crc32c of everything before
 * </pre>
 */
final class DispatchSnapshot {
    static final String FILE_NAME = "jms-dispatch.snapshot";
    private static final int MAGIC = 0x4F4A4431; // "OJD1"
    /** magic, coversUpTo, count, crc */
    private static final int EMPTY_BYTES = 4 + 8 + 4 + 4;

    /** @param coversUpTo every dispatch record before this physical offset is reflected in {@code records} */
    record Content(long coversUpTo, List<DispatchRecord> records) {
    }

    private DispatchSnapshot() {
    }

    static void write(Disk disk, Path file, Content content) throws IOException {
        List<byte[]> encoded = new ArrayList<>(content.records().size());
        int size = EMPTY_BYTES;
        for (DispatchRecord record : content.records()) {
            byte[] bytes = DispatchRecord.encode(record);
            encoded.add(bytes);
            size += 4 + bytes.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(MAGIC).putLong(content.coversUpTo()).putInt(encoded.size());
        for (byte[] bytes : encoded) {
            out.putInt(bytes.length).put(bytes);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        AtomicFiles.write(disk, file, out.array());
    }

    /** The snapshot, empty when there is none; a damaged one is an error (its offset pinned the log's start). */
    static Optional<Content> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length < EMPTY_BYTES) {
            // what a power cut leaves of a file renamed before its bytes were durable
            throw new IOException("dispatch snapshot " + file + " is damaged: " + bytes.length + " bytes, shorter"
                    + " than an empty one (" + EMPTY_BYTES + ")");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue() != in.getInt(bytes.length - 4) || in.getInt() != MAGIC) {
                throw new IOException("dispatch snapshot " + file + " is damaged (magic or checksum)");
            }
            long coversUpTo = in.getLong();
            int count = in.getInt();
            List<DispatchRecord> records = new ArrayList<>(Math.max(0, Math.min(count, 1 << 20)));
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining() - 4) {
                    throw new IOException("dispatch snapshot " + file + " is damaged: record " + (i + 1) + " of "
                            + count + " has a length of " + length + " bytes, with " + (in.remaining() - 4)
                            + " left");
                }
                records.add(DispatchRecord.decode(in.slice(in.position(), length)));
                in.position(in.position() + length);
            }
            return Optional.of(new Content(coversUpTo, records));
        } catch (RuntimeException e) {
            throw new IOException("dispatch snapshot " + file + " is damaged: " + e, e);
        }
    }
}
