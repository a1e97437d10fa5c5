package io.osprey.mq.server.broker.topic;

/** Topic names with a meaning to the broker and the stock client. */
public final class SystemTopics {
    /** The template producers fall back to for a topic that does not exist yet (auto-creation). */
    public static final String AUTO_CREATE_TEMPLATE = "TBW102";
    /** Where delayed messages wait, one queue per delay level. */
    public static final String SCHEDULE = "SCHEDULE_TOPIC_XXXX";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";
    /** RocketMQ's own system topics. */
    public static final String SYSTEM_PREFIX = "rmq_sys_";

    private SystemTopics() {
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static boolean isRetry(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    public static boolean isDlq(String topic) {
        return topic.startsWith(DLQ_PREFIX);
    }

    /** Whether the broker uses the topic for itself: never a client's to change, nor a JMS destination. */
    public static boolean isBrokerInternal(String topic) {
        return topic.equals(AUTO_CREATE_TEMPLATE) || topic.equals(SCHEDULE) || topic.startsWith(SYSTEM_PREFIX);
    }

    /** The group a {@code %RETRY%} or {@code %DLQ%} topic belongs to. */
    public static String groupOf(String topic) {
        if (isRetry(topic)) {
            return topic.substring(RETRY_PREFIX.length());
        }
        if (isDlq(topic)) {
            return topic.substring(DLQ_PREFIX.length());
        }
        throw new IllegalArgumentException(topic + " is not a retry or DLQ topic");
    }
}
