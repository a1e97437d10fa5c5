package io.osprey.mq.server.metadata;

import java.util.regex.Pattern;

/**
 * One topic as the broker stores it and publishes it in its routes (RocketMQ's {@code TopicConfig}).
 *
 * @param topicName       name, checked by {@link #validateName(String)}
 * @param readQueueNums   queues consumers read ({@code 0..n-1})
 * @param writeQueueNums  queues producers write
 * @param perm            permission bits {@link #PERM_READ}, {@link #PERM_WRITE}, {@link #PERM_INHERIT}
 * @param topicSysFlag    0x1 unit, 0x2 unit-sub; normally 0
 * @param order           globally ordered topic
 * @param topicFilterType {@code SINGLE_TAG} (default) or {@code MULTI_TAG}
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag,
                          boolean order, String topicFilterType) {
    public static final int PERM_READ = 0x4;
    public static final int PERM_WRITE = 0x2;
    public static final int PERM_INHERIT = 0x1;
    public static final String SINGLE_TAG = "SINGLE_TAG";
    /** RocketMQ's {@code TopicValidator}: the characters a topic (and group) name may hold. */
    static final Pattern VALID_NAME = Pattern.compile("^[%|a-zA-Z0-9_-]+$");
    public static final int MAX_NAME_LENGTH = 127;

    public TopicConfig {
        validateName(topicName);
        if (readQueueNums < 0 || writeQueueNums < 0) {
            throw new IllegalArgumentException("topic " + topicName + ": queue counts must be >= 0, got read "
                    + readQueueNums + " write " + writeQueueNums);
        }
        if (perm < 0 || perm > 0xF) {
            throw new IllegalArgumentException("topic " + topicName + ": perm must be 0..15, got " + perm);
        }
        topicFilterType = topicFilterType == null ? SINGLE_TAG : topicFilterType;
    }

    /** An unordered single-tag topic with system flag 0. */
    public static TopicConfig of(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, perm, 0, false, SINGLE_TAG);
    }

    /**
     * Checks a topic name as RocketMQ does, so that a name one accepts the other accepts too.
     *
     * @throws InvalidTopicNameException naming the rule the topic breaks
     */
    public static void validateName(String topicName) {
        if (topicName == null || topicName.isEmpty()) {
            throw new InvalidTopicNameException("the topic name is empty");
        }
        if (topicName.length() > MAX_NAME_LENGTH) {
            throw new InvalidTopicNameException("the topic name is longer than " + MAX_NAME_LENGTH
                    + " characters: " + topicName.length());
        }
        if (!VALID_NAME.matcher(topicName).matches()) {
            throw new InvalidTopicNameException("the topic name [" + topicName
                    + "] contains characters outside ^[%|a-zA-Z0-9_-]+$");
        }
    }

    public boolean readable() {
        return (perm & PERM_READ) != 0;
    }

    public boolean writable() {
        return (perm & PERM_WRITE) != 0;
    }

    public boolean inheritable() {
        return (perm & PERM_INHERIT) != 0;
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, topicSysFlag, order,
                topicFilterType);
    }

    public TopicConfig withQueueNums(int read, int write) {
        return new TopicConfig(topicName, read, write, perm, topicSysFlag, order, topicFilterType);
    }
}
