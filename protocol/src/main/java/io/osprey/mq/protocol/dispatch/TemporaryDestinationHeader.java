package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code JMS_CREATE_TEMPORARY} (the connection and whether a queue or a topic; the answer names it in field
 * {@code name}) and {@code JMS_DELETE_TEMPORARY} (the connection and the name).
 */
public record TemporaryDestinationHeader(String connectionId, boolean queue, String name) {
    public static final String NAME = "name";

    public TemporaryDestinationHeader {
        Objects.requireNonNull(connectionId, "connectionId");
    }

    public static TemporaryDestinationHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        String kind = f.requireString("kind");
        if (!kind.equals("queue") && !kind.equals("topic")) {
            throw new HeaderException("kind", "kind is 'queue' or 'topic', not '" + kind + "'");
        }
        return new TemporaryDestinationHeader(f.requireString("connectionId"), kind.equals("queue"), f.string(NAME));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("kind", queue ? "queue" : "topic")
                .put(NAME, name).build();
    }
}
