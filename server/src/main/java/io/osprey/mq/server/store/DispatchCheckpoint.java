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
 * How far dispatch had got, written atomically by the checkpoint thread once the CommitLog below
 * {@code reputOffset} and every consume queue entry it records are fsynced. It is one consistent cut, taken
 * between two dispatch rounds: every CommitLog frame before {@code reputOffset} has its entry in
 * [minOffset, maxOffset) of its queue, and no entry in those ranges comes from a frame at or after it. Recovery
 * after an unclean stop therefore trusts exactly those ranges, cuts every queue back to them, and dispatches
 * again from {@code reputOffset}.
 *
 * <pre>
 *  offset  field            size
 *   0  MAGIC                 4   0x4F534350 ("OSCP")
 *   4  VERSION               2   2 (1: no MIN_OFFSET per queue; still read)
 *   6  RESERVED              2   0
 *   8  LENGTH                4   whole file
 *  12  CRC                   4   CRC32C of bytes [0, 12) and [16, LENGTH)
 *  16  REPUT_OFFSET          8
 *  24  QUEUE_COUNT           4
 *  28  QUEUES                repeated: topicLength 2, topic UTF-8, queueId 4, minOffset 8, maxOffset 8
 * </pre>
 *
 * @param reputOffset  CommitLog offset dispatch had reached
 * @param queues       each queue's entries at that point
 * @param minimaKnown  false for a version-1 file, whose queues' minOffset is 0 (unknown)
 */
record DispatchCheckpoint(long reputOffset, Map<QueueKey, QueueBounds> queues, boolean minimaKnown) {
    static final String FILE_NAME = "dispatch-checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(DispatchCheckpoint.class);
    private static final int MAGIC = 0x4F534350;
    private static final short VERSION = 2;
    private static final short VERSION_WITHOUT_MINIMA = 1;
    private static final int LENGTH_OFFSET = 8;
    private static final int CRC_OFFSET = 12;
    private static final int REPUT_OFFSET_OFFSET = 16;
    private static final int QUEUE_COUNT_OFFSET = 24;
    private static final int QUEUES_OFFSET = 28;

    DispatchCheckpoint(long reputOffset, Map<QueueKey, QueueBounds> queues) {
        this(reputOffset, queues, true);
    }

    void write(Disk disk, Path storeRoot) throws IOException {
        int length = QUEUES_OFFSET;
        for (QueueKey key : queues.keySet()) {
            length += 2 + key.topic().getBytes(StandardCharsets.UTF_8).length + 4 + 8 + 8;
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        buf.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putInt(length).putInt(0)
                .putLong(reputOffset).putInt(queues.size());
        for (Map.Entry<QueueKey, QueueBounds> e : queues.entrySet()) {
            byte[] topic = e.getKey().topic().getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) topic.length).put(topic).putInt(e.getKey().queueId())
                    .putLong(e.getValue().minOffset()).putLong(e.getValue().maxOffset());
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
        short version = bytes.length < QUEUES_OFFSET ? 0 : buf.getShort(4);
        if (bytes.length < QUEUES_OFFSET || buf.getInt(0) != MAGIC
                || (version != VERSION && version != VERSION_WITHOUT_MINIMA)
                || buf.getInt(LENGTH_OFFSET) != bytes.length || buf.getInt(CRC_OFFSET) != crc(bytes, bytes.length)) {
            LOG.warn("Ignoring damaged dispatch checkpoint {} ({} bytes); consume queues will be rebuilt", file,
                    bytes.length);
            return Optional.empty();
        }
        long reputOffset = buf.getLong(REPUT_OFFSET_OFFSET);
        int count = buf.getInt(QUEUE_COUNT_OFFSET);
        buf.position(QUEUES_OFFSET);
        Map<QueueKey, QueueBounds> queues = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] topic = new byte[buf.getShort()];
            buf.get(topic);
            QueueKey key = new QueueKey(new String(topic, StandardCharsets.UTF_8), buf.getInt());
            long min = version == VERSION ? buf.getLong() : 0;
            queues.put(key, new QueueBounds(min, buf.getLong()));
        }
        return Optional.of(new DispatchCheckpoint(reputOffset, queues, version == VERSION));
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(bytes, REPUT_OFFSET_OFFSET, length - REPUT_OFFSET_OFFSET);
        return (int) crc.getValue();
    }
}
