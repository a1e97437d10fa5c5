package io.osprey.mq.protocol.header;

import io.osprey.mq.protocol.command.RequestCode;
import java.util.Map;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310, the same fields under one-letter keys) and SEND_BATCH_MESSAGE (320).
 *
 * @param queueId below 0 lets the broker choose
 */
public record SendMessageRequestHeader(String producerGroup, String topic, String defaultTopic,
                                       int defaultTopicQueueNums, int queueId, int sysFlag, long bornTimestamp,
                                       int flag, String properties, int reconsumeTimes, boolean unitMode,
                                       Integer maxReconsumeTimes, boolean batch) {

    private static final String[][] V2_KEYS = {
            {"producerGroup", "a"}, {"topic", "b"}, {"defaultTopic", "c"}, {"defaultTopicQueueNums", "d"},
            {"queueId", "e"}, {"sysFlag", "f"}, {"bornTimestamp", "g"}, {"flag", "h"}, {"properties", "i"},
            {"reconsumeTimes", "j"}, {"unitMode", "k"}, {"maxReconsumeTimes", "l"}, {"batch", "m"}};

    /** Parses the header of request {@code code}: V2 uses the one-letter keys. */
    public static SendMessageRequestHeader from(int code, Map<String, String> extFields) {
        boolean v2 = code == RequestCode.SEND_MESSAGE_V2 || (code == RequestCode.SEND_BATCH_MESSAGE
                && extFields != null && extFields.containsKey("b"));
        ExtFields f = ExtFields.of(extFields);
        String[] k = new String[V2_KEYS.length];
        for (int i = 0; i < V2_KEYS.length; i++) {
            k[i] = v2 ? V2_KEYS[i][1] : V2_KEYS[i][0];
        }
        return new SendMessageRequestHeader(f.requireString(k[0]), f.requireString(k[1]), f.string(k[2], "TBW102"),
                f.intValue(k[3], 4), f.requireInt(k[4]), f.intValue(k[5], 0), f.longValue(k[6], 0),
                f.intValue(k[7], 0), f.string(k[8], ""), f.intValue(k[9], 0), f.bool(k[10], false),
                f.has(k[11]) ? f.requireInt(k[11]) : null, f.bool(k[12], code == RequestCode.SEND_BATCH_MESSAGE));
    }

    /** The V1 form (long keys), as a client sending SEND_MESSAGE writes it. */
    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("producerGroup", producerGroup).put("topic", topic)
                .put("defaultTopic", defaultTopic).put("defaultTopicQueueNums", defaultTopicQueueNums)
                .put("queueId", queueId).put("sysFlag", sysFlag).put("bornTimestamp", bornTimestamp)
                .put("flag", flag).put("properties", properties).put("reconsumeTimes", reconsumeTimes)
                .put("unitMode", unitMode).put("maxReconsumeTimes", maxReconsumeTimes).put("batch", batch).build();
    }
}
