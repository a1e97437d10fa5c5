package io.osprey.mq.server.metadata;

import io.osprey.mq.protocol.body.DataVersion;
import io.osprey.mq.server.common.Disk;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The broker's topics, kept in {@code <configDir>/topics.json} (RocketMQ's layout:
 * {@code {"dataVersion":{...},"topicConfigTable":{"T":{...}}}}).
 *
 * <p>Every change is written durably before it becomes visible or returns: a topic that an acknowledged send
 * created must still exist after a power loss, or that send's messages would be unreachable. If the write fails
 * the table is unchanged and the caller gets a {@link MetadataIoException}.
 *
 * <p>Readers see an immutable snapshot without locking; writers are serialised.
 */
public final class TopicTable {
    public static final String FILE_NAME = "topics.json";
    /** The template producers fall back to for a topic that does not exist yet (RocketMQ's auto-creation). */
    public static final String AUTO_CREATE_TEMPLATE = "TBW102";
    /** Where delayed messages wait, one queue per delay level. */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    /** Queues of TBW102 in a stock broker; a topic auto-created through it gets at most this many. */
    public static final int DEFAULT_TEMPLATE_QUEUE_NUMS = 8;
    /** One queue per delay level of RocketMQ's default {@code messageDelayLevel}. */
    public static final int DEFAULT_SCHEDULE_QUEUE_NUMS = 18;

    private final AtomicFile file;
    private final Clock clock;
    private volatile Snapshot current;

    private TopicTable(AtomicFile file, Clock clock, Snapshot initial) {
        this.file = file;
        this.clock = clock;
        this.current = initial;
    }

    /**
     * Loads the table from {@code configDir}, or starts an empty one when the file does not exist yet.
     *
     * @throws CorruptMetadataException when the file exists but cannot be read as a topic table
     */
    public static TopicTable open(Path configDir) {
        return open(configDir, Clock.systemUTC());
    }

    public static TopicTable open(Path configDir, Clock clock) {
        return open(Disk.local(), configDir, clock);
    }

    /** As {@link #open(Path, Clock)}, writing through {@code disk}. */
    public static TopicTable open(Disk disk, Path configDir, Clock clock) {
        AtomicFile file = new AtomicFile(disk, configDir.resolve(FILE_NAME));
        Snapshot initial = MetadataJson.read(file, TopicsFile.class)
                .map(stored -> stored.toSnapshot(file.path()))
                .orElseGet(() -> new Snapshot(new DataVersion(clock.millis(), 0), Map.of()));
        return new TopicTable(file, clock, initial);
    }

    public Optional<TopicConfig> get(String topicName) {
        return Optional.ofNullable(current.topics().get(topicName));
    }

    /** All topics, sorted by name; an immutable snapshot. */
    public Collection<TopicConfig> all() {
        return current.topics().values();
    }

    public DataVersion dataVersion() {
        return current.dataVersion();
    }

    /** All topics with the data version they were current at: what a NameServer registration must carry together. */
    public Versioned versioned() {
        Snapshot snapshot = current;
        return new Versioned(snapshot.dataVersion(), List.copyOf(snapshot.topics().values()));
    }

    /** The topic table at one data version. */
    public record Versioned(DataVersion dataVersion, List<TopicConfig> topics) {
    }

    /**
     * Creates or replaces a topic; persisted and fsynced before this returns. Putting a topic equal to the stored
     * one changes nothing and keeps the data version.
     *
     * @return the stored topic
     * @throws MetadataIoException when the change could not be made durable (the table is then unchanged)
     */
    public synchronized TopicConfig put(TopicConfig topic) {
        if (topic.equals(current.topics().get(topic.topicName()))) {
            return topic;
        }
        return publish(topic);
    }

    /**
     * Puts {@code topic} and moves the data version on even when nothing changed: what an operator's
     * UPDATE_AND_CREATE_TOPIC does on a stock broker. A NameServer takes a broker's topics only from a registration
     * with a new data version, so without it a topic deleted from the NameServer and then re-created on the broker
     * would have no route until the broker next changed something.
     */
    public synchronized TopicConfig publish(TopicConfig topic) {
        TreeMap<String, TopicConfig> next = new TreeMap<>(current.topics());
        next.put(topic.topicName(), topic);
        commit(next);
        return topic;
    }

    /**
     * Removes a topic durably.
     *
     * @return false when there was no such topic
     */
    public synchronized boolean delete(String topicName) {
        if (!current.topics().containsKey(topicName)) {
            return false;
        }
        TreeMap<String, TopicConfig> next = new TreeMap<>(current.topics());
        next.remove(topicName);
        commit(next);
        return true;
    }

    /**
     * Creates the topics every broker has, as a stock broker does at start: {@code TBW102} (read, write and inherit,
     * the template of auto-created topics) and {@code SCHEDULE_TOPIC_XXXX} (read and write, one queue per delay
     * level). Existing ones are left as they are, so an operator's changes survive restarts.
     *
     * @return the topics created now, empty when both existed
     */
    public synchronized List<TopicConfig> ensureSystemTopics(int templateQueueNums, int scheduleQueueNums) {
        List<TopicConfig> created = new ArrayList<>(2);
        TreeMap<String, TopicConfig> next = new TreeMap<>(current.topics());
        if (!next.containsKey(AUTO_CREATE_TEMPLATE)) {
            created.add(TopicConfig.of(AUTO_CREATE_TEMPLATE, templateQueueNums, templateQueueNums,
                    TopicConfig.PERM_READ | TopicConfig.PERM_WRITE | TopicConfig.PERM_INHERIT));
        }
        if (!next.containsKey(SCHEDULE_TOPIC)) {
            created.add(TopicConfig.of(SCHEDULE_TOPIC, scheduleQueueNums, scheduleQueueNums,
                    TopicConfig.PERM_READ | TopicConfig.PERM_WRITE));
        }
        if (!created.isEmpty()) {
            created.forEach(topic -> next.put(topic.topicName(), topic));
            commit(next);
        }
        return List.copyOf(created);
    }

    /** {@link #ensureSystemTopics(int, int)} with the stock broker's 8 template queues and 18 delay levels. */
    public List<TopicConfig> ensureSystemTopics() {
        return ensureSystemTopics(DEFAULT_TEMPLATE_QUEUE_NUMS, DEFAULT_SCHEDULE_QUEUE_NUMS);
    }

    private void commit(TreeMap<String, TopicConfig> topics) {
        Snapshot next = new Snapshot(current.dataVersion().next(clock.millis()),
                Collections.unmodifiableSortedMap(topics));
        MetadataJson.write(file, new TopicsFile(next.dataVersion(), next.topics()));
        current = next;
    }

    private record Snapshot(DataVersion dataVersion, Map<String, TopicConfig> topics) {
    }

    /** The file's JSON shape. */
    record TopicsFile(DataVersion dataVersion, Map<String, TopicConfig> topicConfigTable) {
        Snapshot toSnapshot(Path path) {
            if (dataVersion == null) {
                throw new CorruptMetadataException(path, "no dataVersion", null);
            }
            TreeMap<String, TopicConfig> topics = new TreeMap<>();
            if (topicConfigTable != null) {
                topicConfigTable.forEach((name, topic) -> {
                    if (topic == null || !name.equals(topic.topicName())) {
                        throw new CorruptMetadataException(path, "entry " + name + " holds topic "
                                + (topic == null ? "null" : topic.topicName()), null);
                    }
                    topics.put(name, topic);
                });
            }
            return new Snapshot(dataVersion, Collections.unmodifiableSortedMap(topics));
        }
    }
}
