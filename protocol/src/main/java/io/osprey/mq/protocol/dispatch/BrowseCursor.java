package io.osprey.mq.protocol.dispatch;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a queue browse stands between two {@code JMS_BROWSE} pages. The broker shows a queue in delivery order,
 * priority first and arrival second, without holding the queue in memory: it reads the queue once per priority
 * present, highest first, from each queue id's position up to its end as of the browse's first page (messages that
 * arrive later are not shown), and on each pass notes the highest lower priority it saw, which is the next pass's.
 * The client treats the cursor as opaque and sends back what the last answer gave it.
 *
 * <pre>
 *   priority ":" lowerSeen ":" queueId "=" position "/" end ("," queueId "=" position "/" end)*
 *   e.g. 4:-1:0=17/40,1=12/12
 * </pre>
 *
 * @param priority  the priority this pass shows (9 down to 0)
 * @param lowerSeen the highest priority below {@code priority} seen so far on this pass, -1 for none
 * @param positions per queue id, the next queue offset to read on this pass
 * @param ends      per queue id, the queue's end when the browse began
 */
public record BrowseCursor(int priority, int lowerSeen, Map<Integer, Long> positions, Map<Integer, Long> ends) {
    public static final int HIGHEST_PRIORITY = 9;

    public BrowseCursor {
        if (priority < 0 || priority > HIGHEST_PRIORITY) {
            throw new IllegalArgumentException("priority outside 0..9: " + priority);
        }
        if (lowerSeen < -1 || lowerSeen >= priority) {
            throw new IllegalArgumentException("lower priority seen " + lowerSeen + " is not below " + priority);
        }
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(ends, "ends");
        if (!positions.keySet().equals(ends.keySet())) {
            throw new IllegalArgumentException("positions and ends name different queues");
        }
        positions = Collections.unmodifiableMap(new TreeMap<>(positions));
        ends = Collections.unmodifiableMap(new TreeMap<>(ends));
    }

    public String encode() {
        StringBuilder out = new StringBuilder().append(priority).append(':').append(lowerSeen).append(':');
        boolean first = true;
        for (Map.Entry<Integer, Long> e : positions.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(e.getKey()).append('=').append(e.getValue()).append('/').append(ends.get(e.getKey()));
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException for a string {@link #encode} did not write */
    public static BrowseCursor decode(String text) {
        Objects.requireNonNull(text, "cursor");
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a browse cursor has three ':'-separated parts: " + text);
        }
        try {
            Map<Integer, Long> positions = new TreeMap<>();
            Map<Integer, Long> ends = new TreeMap<>();
            if (!parts[2].isEmpty()) {
                for (String queue : parts[2].split(",", -1)) {
                    int eq = queue.indexOf('=');
                    int slash = queue.indexOf('/', eq + 1);
                    if (eq <= 0 || slash < 0) {
                        throw new IllegalArgumentException("bad queue position '" + queue + "' in cursor " + text);
                    }
                    int queueId = Integer.parseInt(queue.substring(0, eq));
                    long position = Long.parseLong(queue.substring(eq + 1, slash));
                    long end = Long.parseLong(queue.substring(slash + 1));
                    if (queueId < 0 || position < 0 || end < 0) {
                        throw new IllegalArgumentException("negative number in cursor " + text);
                    }
                    positions.put(queueId, position);
                    ends.put(queueId, end);
                }
            }
            return new BrowseCursor(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), positions, ends);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in cursor " + text, e);
        }
    }
}
