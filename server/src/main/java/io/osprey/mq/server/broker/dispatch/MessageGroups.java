package io.osprey.mq.server.broker.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The message groups ({@code JMSXGroupID}, Jakarta Messaging 3.1 section 3.5.9 and table 3-3) of one subscription:
 * which consumer each group is assigned to. A group goes to the first consumer that takes one of its messages and
 * stays with it while it is open, so the group's messages reach one consumer, in order. When that consumer closes,
 * the group is <em>draining</em> while messages of it delivered to the consumer are still held (its session may still
 * acknowledge or return them): nobody takes the group's messages until they are settled, so that the returned ones go
 * to the next consumer ahead of the later ones. Not durable: after a restart every consumer is new. Dispatcher thread
 * only.
 */
final class MessageGroups {
    /** Whether a message of the subscription is in flight (delivered, neither acknowledged nor returned yet). */
    @FunctionalInterface
    interface InFlightCheck {
        boolean inFlight(int queueId, long offset);
    }

    private record Position(int queueId, long offset) {
    }

    private final Map<String, DispatchConsumer> owners = new HashMap<>();
    /** group → its messages delivered and maybe still in flight (pruned when checked). */
    private final Map<String, Set<Position>> delivered = new HashMap<>();
    private final Set<String> draining = new HashSet<>();

    /** Whether {@code consumer} may take a message of {@code group} (null: not grouped, anyone may). */
    boolean mayTake(DispatchConsumer consumer, String group) {
        if (group == null) {
            return true;
        }
        DispatchConsumer owner = owners.get(group);
        return owner == null ? !draining.contains(group) : owner == consumer;
    }

    /** {@code consumer} was handed a message of {@code group}: the group is its own from now on. */
    void delivered(DispatchConsumer consumer, String group, int queueId, long offset, InFlightCheck check) {
        owners.putIfAbsent(group, consumer);
        Set<Position> positions = delivered.computeIfAbsent(group, g -> new HashSet<>());
        if (positions.size() >= 256) {
            // a long-lived owner: forget what it settled, so the set stays as large as what it holds
            prune(positions, check);
        }
        positions.add(new Position(queueId, offset));
    }

    /**
     * {@code consumer} closed: each of its groups is free at once when none of its messages is in flight any more,
     * otherwise draining. Answers whether a group became free.
     */
    boolean ownerClosed(DispatchConsumer consumer, InFlightCheck check) {
        for (Iterator<Map.Entry<String, DispatchConsumer>> it = owners.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, DispatchConsumer> e = it.next();
            if (e.getValue() != consumer) {
                continue;
            }
            it.remove();
            draining.add(e.getKey());
        }
        return releaseDrained(check);
    }

    boolean hasDraining() {
        return !draining.isEmpty();
    }

    /** Frees the draining groups whose messages are all settled now; answers whether one became free. */
    boolean releaseDrained(InFlightCheck check) {
        boolean freed = false;
        for (Iterator<String> it = draining.iterator(); it.hasNext(); ) {
            String group = it.next();
            Set<Position> positions = delivered.get(group);
            if (positions != null) {
                prune(positions, check);
            }
            if (positions == null || positions.isEmpty()) {
                delivered.remove(group);
                it.remove();
                freed = true;
            }
        }
        return freed;
    }

    private static void prune(Set<Position> positions, InFlightCheck check) {
        positions.removeIf(p -> !check.inFlight(p.queueId(), p.offset()));
    }

    /**
     * Reorders {@code sorted} (the delivery order: priority first) so that the messages of each group keep their
     * store order: each group's members take the slots the group has, earliest stored first. Ungrouped candidates
     * keep their places.
     */
    static <T> void keepGroupOrder(List<T> sorted, Function<T, String> groupOf, Comparator<T> storeOrder) {
        Map<String, List<Integer>> slots = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            String group = groupOf.apply(sorted.get(i));
            if (group != null) {
                slots.computeIfAbsent(group, g -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> indexes : slots.values()) {
            if (indexes.size() < 2) {
                continue;
            }
            List<T> members = new ArrayList<>(indexes.size());
            indexes.forEach(i -> members.add(sorted.get(i)));
            members.sort(storeOrder);
            for (int k = 0; k < indexes.size(); k++) {
                sorted.set(indexes.get(k), members.get(k));
            }
        }
    }
}
