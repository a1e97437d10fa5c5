package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import java.util.Map;

/**
 * {@code JMS_ACK} and {@code JMS_RETURN}, with the tags in the body ({@link DeliveryTags}). For a return,
 * {@code delivered} says whether the application saw the messages (recover, rollback: their next delivery is a
 * redelivery) or only the client's prefetch buffer did (their delivery count is taken back).
 */
public record TagsHeader(String connectionId, boolean delivered) {

    public static TagsHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new TagsHeader(f.requireString("connectionId"), f.bool("delivered", true));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("delivered", delivered).build();
    }
}
