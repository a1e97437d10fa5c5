package io.osprey.mq.server.store;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Every consume queue, under {@code consumequeue/<topic>/<queueId>/}. */
final class ConsumeQueueTable {
    private final Disk disk;
    private final Path root;
    private final int entriesPerSegment;
    private final ConcurrentHashMap<QueueKey, ConsumeQueue> queues = new ConcurrentHashMap<>();

    private ConsumeQueueTable(Disk disk, Path root, int entriesPerSegment) {
        this.disk = disk;
        this.root = root;
        this.entriesPerSegment = entriesPerSegment;
    }

    static ConsumeQueueTable open(Disk disk, Path root, int entriesPerSegment) throws IOException {
        AtomicFiles.createDirectories(disk, root);
        ConsumeQueueTable table = new ConsumeQueueTable(disk, root, entriesPerSegment);
        try (Stream<Path> topics = Files.list(root)) {
            for (Path topicDir : topics.filter(Files::isDirectory).toList()) {
                try (Stream<Path> ids = Files.list(topicDir)) {
                    for (Path queueDir : ids.filter(Files::isDirectory).toList()) {
                        int queueId = parseQueueId(queueDir);
                        QueueKey key = new QueueKey(topicDir.getFileName().toString(), queueId);
                        table.queues.put(key, ConsumeQueue.open(disk, key, queueDir, entriesPerSegment));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            table.close();
            throw e;
        }
        return table;
    }

    private static int parseQueueId(Path queueDir) {
        try {
            return Integer.parseInt(queueDir.getFileName().toString());
        } catch (NumberFormatException e) {
            throw new StoreIoException("unexpected folder in the consume queues: " + queueDir);
        }
    }

    ConsumeQueue get(QueueKey key) {
        return queues.get(key);
    }

    ConsumeQueue getOrCreate(QueueKey key) throws IOException {
        ConsumeQueue queue = queues.get(key);
        if (queue == null) {
            queue = ConsumeQueue.create(disk, key, root.resolve(key.topic()).resolve(Integer.toString(key.queueId())),
                    entriesPerSegment);
            queues.put(key, queue);
        }
        return queue;
    }

    List<ConsumeQueue> all() {
        return new ArrayList<>(queues.values());
    }

    /** Each queue's maxOffset. */
    Map<QueueKey, Long> maxOffsets() {
        Map<QueueKey, Long> result = new HashMap<>();
        queues.forEach((key, queue) -> result.put(key, queue.maxOffset()));
        return result;
    }

    long truncateAhead(long commitLogEnd) throws IOException {
        long removed = 0;
        for (ConsumeQueue queue : queues.values()) {
            removed += queue.truncateAhead(commitLogEnd);
        }
        return removed;
    }

    void advanceMin(long commitLogMin) throws IOException {
        for (ConsumeQueue queue : queues.values()) {
            queue.advanceMin(commitLogMin);
        }
    }

    /** Deletes each queue's files wholly below its checkpointed minimum (never below its current one). */
    void deleteSegmentsBelow(Map<QueueKey, QueueBounds> checkpointed) {
        checkpointed.forEach((key, bounds) -> {
            ConsumeQueue queue = queues.get(key);
            if (queue != null) {
                queue.deleteSegmentsBelow(Math.min(bounds.minOffset(), queue.minOffset()));
            }
        });
    }

    void forceAll() throws IOException {
        for (ConsumeQueue queue : queues.values()) {
            queue.force();
        }
    }

    /**
     * Deletes the topic's queues with their files and folders. Runs on the dispatch thread (the TOPIC_DELETED
     * record), the only one that creates queues, so a queue of the topic cannot be created again while its folder
     * is being removed. No directory fsync: dispatch checkpoints right after, without the topic's queues, and
     * recovery drops any queue its checkpoint does not list — a folder a power loss brings back is removed again
     * (and before that checkpoint, re-dispatch replays the durable TOPIC_DELETED record).
     */
    void deleteTopic(String topic) throws IOException {
        for (QueueKey key : new ArrayList<>(queues.keySet())) {
            if (key.topic().equals(topic)) {
                queues.remove(key).destroy();
            }
        }
        Path topicDir = root.resolve(topic);
        if (Files.isDirectory(topicDir)) {
            try (Stream<Path> rest = Files.list(topicDir)) {
                for (Path stray : rest.toList()) {
                    // a queue folder that no queue object owns (left empty by an earlier crash)
                    disk.deleteIfExists(stray);
                }
            }
            disk.deleteIfExists(topicDir);
        }
    }

    /** Every queue's [minOffset, maxOffset): what a checkpoint records. */
    Map<QueueKey, QueueBounds> bounds() {
        Map<QueueKey, QueueBounds> result = new HashMap<>();
        queues.forEach((key, queue) -> result.put(key, new QueueBounds(queue.minOffset(), queue.maxOffset())));
        return result;
    }

    /** Removes the queue from the table and its files from disk (recovery: a queue no checkpoint knows). */
    void drop(QueueKey key) throws IOException {
        ConsumeQueue queue = queues.remove(key);
        if (queue != null) {
            queue.destroy();
        }
    }

    /** A queue with no entries on disk that continues at {@code offset} (recovery: its files were lost). */
    ConsumeQueue createAt(QueueKey key, long offset) throws IOException {
        ConsumeQueue queue = getOrCreate(key);
        queue.cutTo(offset, offset);
        return queue;
    }

    void close() {
        queues.values().forEach(ConsumeQueue::close);
        queues.clear();
    }
}
