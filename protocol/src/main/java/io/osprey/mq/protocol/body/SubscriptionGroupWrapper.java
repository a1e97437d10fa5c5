package io.osprey.mq.protocol.body;

import java.util.Map;

/**
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG's body: every consumer group of the broker by name, with the table's data
 * version. {@code forbiddenTable} (5.x, per-group topic bans) is always empty here.
 */
public record SubscriptionGroupWrapper(Map<String, SubscriptionGroupWire> subscriptionGroupTable,
                                       DataVersion dataVersion, Map<String, Map<String, Integer>> forbiddenTable) {
    public SubscriptionGroupWrapper {
        subscriptionGroupTable = subscriptionGroupTable == null ? Map.of() : subscriptionGroupTable;
        forbiddenTable = forbiddenTable == null ? Map.of() : forbiddenTable;
    }
}
