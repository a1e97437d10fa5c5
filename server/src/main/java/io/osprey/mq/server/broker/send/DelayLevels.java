package io.osprey.mq.server.broker.send;

import java.util.ArrayList;
import java.util.List;

/**
 * RocketMQ's delay levels: level {@code n} (1-based) waits the n-th duration of {@code messageDelayLevel}
 * ({@code "1s 5s 10s 30s 1m … 2h"}). Units: s, m, h, d.
 */
public final class DelayLevels {
    private final long[] delayMillis;

    private DelayLevels(long[] delayMillis) {
        this.delayMillis = delayMillis;
    }

    /** @throws IllegalArgumentException naming the bad entry */
    public static DelayLevels parse(String levels) {
        List<Long> parsed = new ArrayList<>();
        for (String level : levels.trim().split("\\s+")) {
            if (level.length() < 2) {
                throw new IllegalArgumentException("bad delay level '" + level + "', want e.g. 5s, 1m, 2h");
            }
            long unit = switch (level.charAt(level.length() - 1)) {
                case 's' -> 1_000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> throw new IllegalArgumentException("bad delay level unit in '" + level + "'");
            };
            try {
                parsed.add(Long.parseLong(level.substring(0, level.length() - 1)) * unit);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad delay level '" + level + "'", e);
            }
        }
        return new DelayLevels(parsed.stream().mapToLong(Long::longValue).toArray());
    }

    public int maxLevel() {
        return delayMillis.length;
    }

    /** Delay of level {@code level}, clamped to {@code [1, maxLevel]}. */
    public long delayMillis(int level) {
        return delayMillis[Math.max(1, Math.min(level, delayMillis.length)) - 1];
    }

    /** Level clamped to {@code [1, maxLevel]}. */
    public int clamp(int level) {
        return Math.max(1, Math.min(level, delayMillis.length));
    }
}
