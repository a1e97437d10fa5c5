package io.osprey.mq.server.metadata;

import io.osprey.mq.protocol.body.DataVersion;
import io.osprey.mq.server.common.Disk;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The broker's consumer groups, kept in {@code <configDir>/subscriptionGroup.json} (RocketMQ's layout:
 * {@code {"dataVersion":{...},"subscriptionGroupTable":{"g":{...}}}}). Every change is written atomically before
 * it becomes visible; readers see an immutable snapshot without locking.
 */
public final class SubscriptionGroupTable {
    public static final String FILE_NAME = "subscriptionGroup.json";

    private final AtomicFile file;
    private final Clock clock;
    private final int defaultRetryMaxTimes;
    private volatile Snapshot current;

    private SubscriptionGroupTable(AtomicFile file, Clock clock, int defaultRetryMaxTimes, Snapshot initial) {
        this.file = file;
        this.clock = clock;
        this.defaultRetryMaxTimes = defaultRetryMaxTimes;
        this.current = initial;
    }

    /**
     * Loads the groups from {@code configDir}, or starts empty when the file does not exist yet.
     *
     * @throws CorruptMetadataException when the file exists but cannot be read as a group table
     */
    public static SubscriptionGroupTable open(Path configDir) {
        return open(configDir, Clock.systemUTC());
    }

    public static SubscriptionGroupTable open(Path configDir, Clock clock) {
        return open(configDir, clock, SubscriptionGroupConfig.defaults("default").retryMaxTimes());
    }

    /** As {@link #open(Path, Clock)}; groups created later allow {@code defaultRetryMaxTimes} deliveries. */
    public static SubscriptionGroupTable open(Path configDir, Clock clock, int defaultRetryMaxTimes) {
        return open(Disk.local(), configDir, clock, defaultRetryMaxTimes);
    }

    /** As {@link #open(Path, Clock, int)}, writing through {@code disk}. */
    public static SubscriptionGroupTable open(Disk disk, Path configDir, Clock clock, int defaultRetryMaxTimes) {
        AtomicFile file = new AtomicFile(disk, configDir.resolve(FILE_NAME));
        Snapshot initial = MetadataJson.read(file, GroupsFile.class)
                .map(stored -> stored.toSnapshot(file.path()))
                .orElseGet(() -> new Snapshot(new DataVersion(clock.millis(), 0), Map.of()));
        return new SubscriptionGroupTable(file, clock, defaultRetryMaxTimes, initial);
    }

    public Optional<SubscriptionGroupConfig> get(String groupName) {
        return Optional.ofNullable(current.groups().get(groupName));
    }

    /**
     * The group's config, created with {@link SubscriptionGroupConfig#defaults(String)} and the table's default
     * retry count (and persisted) when it does
     * not exist yet, as a stock broker does on a consumer's first heartbeat.
     *
     * @throws InvalidGroupNameException when a new group's name breaks RocketMQ's rules
     */
    public SubscriptionGroupConfig getOrCreate(String groupName) {
        SubscriptionGroupConfig existing = current.groups().get(groupName);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = current.groups().get(groupName);
            if (existing != null) {
                return existing;
            }
            SubscriptionGroupConfig defaults = SubscriptionGroupConfig.defaults(groupName);
            return put(new SubscriptionGroupConfig(groupName, defaults.consumeEnable(),
                    defaults.consumeBroadcastEnable(), defaults.retryQueueNums(), defaultRetryMaxTimes,
                    defaults.brokerId(), defaults.whichBrokerWhenConsumeSlowly(), defaults.consumeMessageOrderly()));
        }
    }

    /** Creates or replaces a group durably; putting an equal config changes nothing. */
    public synchronized SubscriptionGroupConfig put(SubscriptionGroupConfig group) {
        if (group.equals(current.groups().get(group.groupName()))) {
            return group;
        }
        TreeMap<String, SubscriptionGroupConfig> next = new TreeMap<>(current.groups());
        next.put(group.groupName(), group);
        commit(next);
        return group;
    }

    /** Removes a group durably; false when there was no such group. */
    public synchronized boolean delete(String groupName) {
        if (!current.groups().containsKey(groupName)) {
            return false;
        }
        TreeMap<String, SubscriptionGroupConfig> next = new TreeMap<>(current.groups());
        next.remove(groupName);
        commit(next);
        return true;
    }

    /** All groups, sorted by name; an immutable snapshot. */
    public Collection<SubscriptionGroupConfig> all() {
        return current.groups().values();
    }

    public DataVersion dataVersion() {
        return current.dataVersion();
    }

    private void commit(TreeMap<String, SubscriptionGroupConfig> groups) {
        Snapshot next = new Snapshot(current.dataVersion().next(clock.millis()),
                Collections.unmodifiableSortedMap(groups));
        MetadataJson.write(file, new GroupsFile(next.dataVersion(), next.groups()));
        current = next;
    }

    private record Snapshot(DataVersion dataVersion, Map<String, SubscriptionGroupConfig> groups) {
    }

    /** The file's JSON shape. */
    record GroupsFile(DataVersion dataVersion, Map<String, SubscriptionGroupConfig> subscriptionGroupTable) {
        Snapshot toSnapshot(Path path) {
            if (dataVersion == null) {
                throw new CorruptMetadataException(path, "no dataVersion", null);
            }
            TreeMap<String, SubscriptionGroupConfig> groups = new TreeMap<>();
            if (subscriptionGroupTable != null) {
                subscriptionGroupTable.forEach((name, group) -> {
                    if (group == null || !name.equals(group.groupName())) {
                        throw new CorruptMetadataException(path, "entry " + name + " holds group "
                                + (group == null ? "null" : group.groupName()), null);
                    }
                    groups.put(name, group);
                });
            }
            return new Snapshot(dataVersion, Collections.unmodifiableSortedMap(groups));
        }
    }
}
