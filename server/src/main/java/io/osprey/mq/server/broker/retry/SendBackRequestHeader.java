package io.osprey.mq.server.broker.retry;

import io.osprey.mq.protocol.header.ExtFields;
import java.util.Map;
import java.util.Objects;

/**
 * CONSUMER_SEND_MSG_BACK (36)'s header (reference §8.4).
 *
 * @param offset            physical offset of the message that failed
 * @param group             the consumer group it failed in
 * @param delayLevel        0 = the broker decides (3 + reconsumeTimes); &lt; 0 = straight to the DLQ
 * @param originMsgId       the client's id of the message (its UNIQ_KEY), may be null
 * @param originTopic       the topic the consumer subscribed to, may be null
 * @param unitMode          unit mode (unused by this broker)
 * @param maxReconsumeTimes deliveries allowed before the DLQ; null = the group's {@code retryMaxTimes}
 */
public record SendBackRequestHeader(long offset, String group, int delayLevel, String originMsgId,
                                    String originTopic, boolean unitMode, Integer maxReconsumeTimes) {
    public SendBackRequestHeader {
        Objects.requireNonNull(group, "group");
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
    }

    public static SendBackRequestHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new SendBackRequestHeader(f.requireLong("offset"), f.requireString("group"),
                f.requireInt("delayLevel"), f.string("originMsgId"), f.string("originTopic"),
                f.bool("unitMode", false), f.has("maxReconsumeTimes") ? f.requireInt("maxReconsumeTimes") : null);
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("offset", offset).put("group", group).put("delayLevel", delayLevel)
                .put("originMsgId", originMsgId).put("originTopic", originTopic).put("unitMode", unitMode)
                .put("maxReconsumeTimes", maxReconsumeTimes).build();
    }
}
