package io.osprey.mq.protocol.header;

import java.util.Map;

/**
 * A send's answer. {@code msgId} is the offset message id (ids joined by commas for a batch); the client reads
 * {@code MSG_REGION} and {@code TRACE_ON} from the extFields directly, so they are always sent.
 */
public record SendMessageResponseHeader(String msgId, int queueId, long queueOffset, String transactionId) {

    public static SendMessageResponseHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new SendMessageResponseHeader(f.requireString("msgId"), f.requireInt("queueId"),
                f.requireLong("queueOffset"), f.string("transactionId"));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("msgId", msgId).put("queueId", queueId).put("queueOffset", queueOffset)
                .put("transactionId", transactionId).put("MSG_REGION", "DefaultRegion").put("TRACE_ON", "true")
                .build();
    }
}
