package io.osprey.mq.server.store;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far dispatch had got, written atomically by the reput thread after fsyncing every ConsumeQueue. Every
 * CommitLog frame before {@code reputOffset} has its ConsumeQueue entry on disk, and each queue then ended at the
 * logical offset recorded for it — a queue found shorter on open lost entries (a deleted or damaged file) and
 * triggers a rebuild from the CommitLog.
 *
 * <pre>
 *  offset  field            size
 *   0  MAGIC                 4   0x4F534350 ("OSCP")
 *   4  VERSION               2   1
 *   6  RESERVED              2   0
 *   8  LENGTH                4   whole file
 *  12  CRC                   4   CRC32C of bytes [0, 12) and [16, LENGTH)
 *  16  REPUT_OFFSET          8
 *  24  QUEUE_COUNT           4
 *  28  QUEUES                repeated: topicLength 2, topic UTF-8, queueId 4, maxOffset 8
 * </pre>
 *
 * @param reputOffset     CommitLog offset dispatch had reached
 * @param queueMaxOffsets each queue's next logical offset at that point
 */
record DispatchCheckpoint(long reputOffset, Map<QueueKey, Long> queueMaxOffsets) {
    static final String FILE_NAME = "dispatch-checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(DispatchCheckpoint.class);
    private static final int MAGIC = 0x4F534350;
    private static final short VERSION = 1;
    private static final int LENGTH_OFFSET = 8;
    private static final int CRC_OFFSET = 12;
    private static final int REPUT_OFFSET_OFFSET = 16;
    private static final int QUEUE_COUNT_OFFSET = 24;
    private static final int QUEUES_OFFSET = 28;

    void write(Disk disk, Path storeRoot) throws IOException {
        int length = QUEUES_OFFSET;
        for (QueueKey key : queueMaxOffsets.keySet()) {
            length += 2 + key.topic().getBytes(StandardCharsets.UTF_8).length + 4 + 8;
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        buf.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putInt(length).putInt(0)
                .putLong(reputOffset).putInt(queueMaxOffsets.size());
        for (Map.Entry<QueueKey, Long> e : queueMaxOffsets.entrySet()) {
            byte[] topic = e.getKey().topic().getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) topic.length).put(topic).putInt(e.getKey().queueId()).putLong(e.getValue());
        }
        buf.putInt(CRC_OFFSET, crc(buf.array(), length));
        AtomicFiles.write(disk, storeRoot.resolve(FILE_NAME), buf.array());
    }

    /** The checkpoint if present and intact; a damaged one is reported and treated as absent (full rebuild). */
    static Optional<DispatchCheckpoint> read(Path storeRoot) throws IOException {
        Path file = storeRoot.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length < QUEUES_OFFSET || buf.getInt(0) != MAGIC || buf.getShort(4) != VERSION
                || buf.getInt(LENGTH_OFFSET) != bytes.length || buf.getInt(CRC_OFFSET) != crc(bytes, bytes.length)) {
            LOG.warn("Ignoring damaged dispatch checkpoint {} ({} bytes); consume queues will be rebuilt", file,
                    bytes.length);
            return Optional.empty();
        }
        long reputOffset = buf.getLong(REPUT_OFFSET_OFFSET);
        int count = buf.getInt(QUEUE_COUNT_OFFSET);
        buf.position(QUEUES_OFFSET);
        Map<QueueKey, Long> queues = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] topic = new byte[buf.getShort()];
            buf.get(topic);
            queues.put(new QueueKey(new String(topic, StandardCharsets.UTF_8), buf.getInt()), buf.getLong());
        }
        return Optional.of(new DispatchCheckpoint(reputOffset, queues));
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(bytes, REPUT_OFFSET_OFFSET, length - REPUT_OFFSET_OFFSET);
        return (int) crc.getValue();
    }
}
