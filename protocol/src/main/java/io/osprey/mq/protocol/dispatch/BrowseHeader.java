package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code JMS_BROWSE}: one page of at most {@code maxMessages} of a queue's messages, matching {@code selector} (null
 * for all), from {@code cursor} (null: the first page). The answer carries the messages as a {@link DeliveryBatch}
 * and, unless the browse is over, the next page's cursor in field {@code cursor}. A page may be empty and still have
 * a next one: the broker bounds how much of the queue one request reads.
 */
public record BrowseHeader(String connectionId, String queue, String selector, BrowseCursor cursor,
                           int maxMessages) {
    public static final String NEXT_CURSOR = "cursor";

    public BrowseHeader {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(queue, "queue");
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages < 1: " + maxMessages);
        }
    }

    /** @throws HeaderException for a missing field or a cursor the broker did not write */
    public static BrowseHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        String cursorText = f.string("cursor");
        BrowseCursor cursor;
        try {
            cursor = cursorText == null ? null : BrowseCursor.decode(cursorText);
        } catch (IllegalArgumentException e) {
            throw new HeaderException("cursor", e.getMessage());
        }
        int max = f.requireInt("maxMessages");
        if (max < 1) {
            throw new HeaderException("maxMessages", "maxMessages must be at least 1: " + max);
        }
        return new BrowseHeader(f.requireString("connectionId"), f.requireString("queue"), f.string("selector"),
                cursor, max);
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("queue", queue).put("selector", selector)
                .put("cursor", cursor == null ? null : cursor.encode()).put("maxMessages", maxMessages).build();
    }
}
