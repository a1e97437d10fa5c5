package io.osprey.mq.protocol.header;

import java.util.Map;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361).
 *
 * @param sysFlag 0x1 commit offset, 0x2 suspend (long poll), 0x4 subscription in the request, 0x8 class
 *                filter, 0x10 lite pull
 */
public record PullMessageRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset,
                                       int maxMsgNums, int sysFlag, long commitOffset, long suspendTimeoutMillis,
                                       String subscription, long subVersion, String expressionType,
                                       Integer maxMsgBytes) {
    public static final int FLAG_COMMIT_OFFSET = 0x1;
    public static final int FLAG_SUSPEND = 0x2;
    public static final int FLAG_SUBSCRIPTION = 0x4;
    public static final int FLAG_CLASS_FILTER = 0x8;
    public static final int FLAG_LITE_PULL = 0x10;

    public static PullMessageRequestHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new PullMessageRequestHeader(f.requireString("consumerGroup"), f.requireString("topic"),
                f.requireInt("queueId"), f.requireLong("queueOffset"), f.requireInt("maxMsgNums"),
                f.requireInt("sysFlag"), f.longValue("commitOffset", 0), f.longValue("suspendTimeoutMillis", 0),
                f.string("subscription"), f.longValue("subVersion", 0), f.string("expressionType"),
                f.has("maxMsgBytes") ? f.requireInt("maxMsgBytes") : null);
    }

    public boolean commitOffsetFlag() {
        return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
    }

    public boolean suspendFlag() {
        return (sysFlag & FLAG_SUSPEND) != 0;
    }

    public boolean subscriptionFlag() {
        return (sysFlag & FLAG_SUBSCRIPTION) != 0;
    }

    public boolean classFilterFlag() {
        return (sysFlag & FLAG_CLASS_FILTER) != 0;
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("consumerGroup", consumerGroup).put("topic", topic).put("queueId", queueId)
                .put("queueOffset", queueOffset).put("maxMsgNums", maxMsgNums).put("sysFlag", sysFlag)
                .put("commitOffset", commitOffset).put("suspendTimeoutMillis", suspendTimeoutMillis)
                .put("subscription", subscription).put("subVersion", subVersion)
                .put("expressionType", expressionType).put("maxMsgBytes", maxMsgBytes).build();
    }
}
