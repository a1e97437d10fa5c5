package io.osprey.mq.server.store;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Written (atomically) by a clean close, deleted (durably) by the next open before any write. Its presence says
 * the CommitLog ends exactly at {@code commitLogEnd}, so open can skip the full tail scan and only check the
 * last frame and the zeros after it.
 *
 * <pre>
 *  offset  field             size
 *   0  MAGIC                  4   0x4F53434D ("OSCM")
 *   4  VERSION                2   1
 *   6  RESERVED               2   0
 *   8  COMMIT_LOG_END         8   first physical offset after the last frame
 *  16  LAST_FRAME_OFFSET      8   start of the last frame (message or end marker), -1 if none
 *  24  CRC                    4   CRC32C of bytes [0, 24)
 * </pre>
 *
 * @param commitLogEnd    first physical offset after the last frame
 * @param lastFrameOffset start of the last frame, -1 if unknown
 */
record CleanShutdownMarker(long commitLogEnd, long lastFrameOffset) {
    static final String FILE_NAME = "clean-shutdown";
    private static final Logger LOG = LoggerFactory.getLogger(CleanShutdownMarker.class);
    private static final int MAGIC = 0x4F53434D;
    private static final short VERSION = 1;
    private static final int COMMIT_LOG_END_OFFSET = 8;
    private static final int LAST_FRAME_OFFSET_OFFSET = 16;
    private static final int CRC_OFFSET = 24;
    private static final int LENGTH = 28;

    void write(Disk disk, Path storeRoot) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.putInt(0, MAGIC).putShort(4, VERSION).putShort(6, (short) 0)
                .putLong(COMMIT_LOG_END_OFFSET, commitLogEnd).putLong(LAST_FRAME_OFFSET_OFFSET, lastFrameOffset)
                .putInt(CRC_OFFSET, crc(buf));
        AtomicFiles.write(disk, storeRoot.resolve(FILE_NAME), buf.array());
    }

    /** The marker if present and intact; a damaged marker is reported and treated as absent (full scan). */
    static Optional<CleanShutdownMarker> read(Path storeRoot) throws IOException {
        Path file = storeRoot.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.capacity() != LENGTH || buf.getInt(0) != MAGIC || buf.getShort(4) != VERSION
                || buf.getInt(CRC_OFFSET) != crc(buf)) {
            LOG.warn("Ignoring damaged clean-shutdown marker {} ({} bytes); running a full recovery scan", file,
                    buf.capacity());
            return Optional.empty();
        }
        return Optional.of(new CleanShutdownMarker(buf.getLong(COMMIT_LOG_END_OFFSET),
                buf.getLong(LAST_FRAME_OFFSET_OFFSET)));
    }

    /**
     * Deletes the marker. Its deletion becomes durable with the dispatch checkpoint that every open writes into the
     * same folder (rename, then fsync of the folder) before the first append: until an append, the CommitLog still
     * ends where a resurrected marker says, and the consume queues are cut back to their checkpoint either way.
     */
    static void delete(Disk disk, Path storeRoot) throws IOException {
        disk.deleteIfExists(storeRoot.resolve(FILE_NAME));
    }

    private static int crc(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, CRC_OFFSET);
        return (int) crc.getValue();
    }
}
