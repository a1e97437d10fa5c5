package io.osprey.mq.server.metadata;

import io.osprey.mq.server.common.Disk;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Committed consumer offsets per (group, topic, queue), kept in {@code <configDir>/consumerOffset.json}
 * (RocketMQ's layout: {@code {"offsetTable":{"topic@group":{"0":12}}}}; {@code @} cannot occur in topic or group
 * names).
 *
 * <p>Commits are frequent, so they only update memory; {@link #persist()} writes the table atomically and is
 * called periodically and at shutdown. A crash loses at most the commits since the last persist, which consumers
 * then receive again (at-least-once, as in RocketMQ).
 */
public final class ConsumerOffsetTable {
    public static final String FILE_NAME = "consumerOffset.json";
    private static final char SEPARATOR = '@';

    private final AtomicFile file;
    private final ConcurrentMap<TopicGroup, ConcurrentMap<Integer, Long>> offsets = new ConcurrentHashMap<>();
    /** Bumped by every change; persist writes only when it moved since the last successful write. */
    private final AtomicLong changes = new AtomicLong();
    private long persistedChanges;

    private ConsumerOffsetTable(AtomicFile file) {
        this.file = file;
    }

    /**
     * Loads the offsets from {@code configDir}, or starts empty when the file does not exist yet.
     *
     * @throws CorruptMetadataException when the file exists but cannot be read as an offset table
     */
    public static ConsumerOffsetTable open(Path configDir) {
        return open(Disk.local(), configDir);
    }

    /** As {@link #open(Path)}, writing through {@code disk}. */
    public static ConsumerOffsetTable open(Disk disk, Path configDir) {
        ConsumerOffsetTable table = new ConsumerOffsetTable(new AtomicFile(disk, configDir.resolve(FILE_NAME)));
        MetadataJson.read(table.file, OffsetsFile.class).ifPresent(stored -> table.load(stored));
        return table;
    }

    private void load(OffsetsFile stored) {
        if (stored.offsetTable() == null) {
            throw new CorruptMetadataException(file.path(), "no offsetTable", null);
        }
        stored.offsetTable().forEach((key, queues) -> {
            int at = key.lastIndexOf(SEPARATOR);
            if (at <= 0 || at == key.length() - 1 || queues == null) {
                throw new CorruptMetadataException(file.path(), "entry [" + key + "] is not topic@group", null);
            }
            ConcurrentMap<Integer, Long> loaded = new ConcurrentHashMap<>();
            queues.forEach((queueId, offset) -> {
                if (queueId == null || queueId < 0 || offset == null || offset < 0) {
                    throw new CorruptMetadataException(file.path(), "entry [" + key + "] has queue " + queueId
                            + " at offset " + offset, null);
                }
                loaded.put(queueId, offset);
            });
            offsets.put(new TopicGroup(key.substring(0, at), key.substring(at + 1)), loaded);
        });
    }

    /** Records {@code offset} as the next offset {@code group} will consume from the queue; in memory only. */
    public void commit(String group, String topic, int queueId, long offset) {
        if (queueId < 0) {
            throw new IllegalArgumentException("queueId < 0: " + queueId);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
        offsets.computeIfAbsent(new TopicGroup(topic, group), key -> new ConcurrentHashMap<>()).put(queueId, offset);
        changes.incrementAndGet();
    }

    /** The committed offset, or -1 when the group never committed one for that queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = offsets.get(new TopicGroup(topic, group));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? -1 : offset;
    }

    /** The group's committed offsets by queue id for one topic (a copy; empty when none). */
    public Map<Integer, Long> offsets(String group, String topic) {
        Map<Integer, Long> queues = offsets.get(new TopicGroup(topic, group));
        return queues == null ? Map.of() : Map.copyOf(queues);
    }

    /** The groups that committed offsets of {@code topic}. */
    public Set<String> groupsConsuming(String topic) {
        Set<String> groups = new HashSet<>();
        offsets.keySet().forEach(key -> {
            if (key.topic().equals(topic)) {
                groups.add(key.group());
            }
        });
        return Set.copyOf(groups);
    }

    /** The topics {@code group} committed offsets of. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new HashSet<>();
        offsets.keySet().forEach(key -> {
            if (key.group().equals(group)) {
                topics.add(key.topic());
            }
        });
        return Set.copyOf(topics);
    }

    /** Forgets every group's offsets of a deleted topic (persisted at the next {@link #persist()}). */
    public void removeTopic(String topic) {
        if (offsets.keySet().removeIf(key -> key.topic().equals(topic))) {
            changes.incrementAndGet();
        }
    }

    /** Forgets every offset of a deleted group (persisted at the next {@link #persist()}). */
    public void removeGroup(String group) {
        if (offsets.keySet().removeIf(key -> key.group().equals(group))) {
            changes.incrementAndGet();
        }
    }

    /**
     * Writes the table atomically when it changed since the last write. Commits made while this runs are either
     * in this write or make the next one happen.
     *
     * @return whether a write happened
     * @throws MetadataIoException when the write could not be made durable (the next call retries it)
     */
    public synchronized boolean persist() {
        long seen = changes.get();
        if (seen == persistedChanges) {
            return false;
        }
        TreeMap<String, Map<Integer, Long>> snapshot = new TreeMap<>();
        offsets.forEach((key, queues) -> snapshot.put(key.topic() + SEPARATOR + key.group(), new TreeMap<>(queues)));
        MetadataJson.write(file, new OffsetsFile(snapshot));
        persistedChanges = seen;
        return true;
    }

    private record TopicGroup(String topic, String group) {
        TopicGroup {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(group, "group");
            if (topic.indexOf(SEPARATOR) >= 0 || group.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("'@' in topic [" + topic + "] or group [" + group + "]");
            }
        }
    }

    /** The file's JSON shape. */
    record OffsetsFile(Map<String, Map<Integer, Long>> offsetTable) {
    }
}
