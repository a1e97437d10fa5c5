package io.osprey.mq.protocol.dispatch;

import java.util.UUID;

/**
 * The names of temporary destinations: one prefix, so that every broker tells a temporary destination from an
 * ordinary one by its name alone. A broker never creates a topic of this form on a send or a consumer's first use;
 * only {@code JMS_CREATE_TEMPORARY} does, for the connection that will own it.
 */
public final class TemporaryNames {
    /** What every temporary destination's name starts with. */
    public static final String PREFIX = "OSPREY_TMP_";

    private TemporaryNames() {
    }

    public static boolean isTemporary(String topic) {
        return topic != null && topic.startsWith(PREFIX);
    }

    /** Whether {@code topic} names a temporary topic (rather than a temporary queue). */
    public static boolean isTemporaryTopic(String topic) {
        return topic != null && topic.startsWith(PREFIX + "T_");
    }

    /** A new name, unique without coordination (a random UUID): {@code OSPREY_TMP_Q_<32 hex>}. */
    public static String newName(boolean queue) {
        return PREFIX + (queue ? "Q_" : "T_") + UUID.randomUUID().toString().replace("-", "");
    }
}
