package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * What a pull gets from the store: exactly the PULL_MESSAGE reply's header values and body.
 *
 * @param status          the outcome (see {@link Status} for the response code each maps to)
 * @param nextBeginOffset logical offset the consumer continues from
 * @param minOffset       the queue's smallest readable offset
 * @param maxOffset       the queue's next offset to be written
 * @param body            the V1 records (reference §5.3) back to back — the reply body as is. A fresh heap array
 *                        owned by the caller (no reference counting, no release needed); empty unless FOUND
 * @param messageCount    records in {@code body}, &ge; 1 when FOUND
 */
public record GetMessagesResult(Status status, long nextBeginOffset, long minOffset, long maxOffset,
                                byte[] body, int messageCount) {
    private static final byte[] EMPTY = new byte[0];

    /** Outcome of {@link MessageStore#getMessages}, with the PULL_MESSAGE response it maps to (reference §6). */
    public enum Status {
        /** At least one record: SUCCESS (0). */
        FOUND,
        /** Entries were scanned but all filtered out: PULL_RETRY_IMMEDIATELY (20), nextBeginOffset past them. */
        NO_MATCHED_MESSAGE,
        /** The queue is unknown or never held a message: PULL_NOT_FOUND (19) if offset is 0, else 21. */
        NO_MESSAGE_IN_QUEUE,
        /** The entry's record is gone (deleted under the reader): retry from nextBeginOffset. */
        OFFSET_FOUND_NULL,
        /** offset == maxOffset, nothing new yet: PULL_NOT_FOUND (19), long-poll candidate. */
        OFFSET_OVERFLOW_ONE,
        /** offset &gt; maxOffset: PULL_OFFSET_MOVED (21), nextBeginOffset = maxOffset. */
        OFFSET_OVERFLOW_BADLY,
        /** offset &lt; minOffset (retention deleted it): PULL_OFFSET_MOVED (21), nextBeginOffset = minOffset. */
        OFFSET_TOO_SMALL
    }

    public GetMessagesResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(body, "body");
        if ((status == Status.FOUND) != (messageCount > 0)) {
            throw new IllegalArgumentException(status + " with " + messageCount + " messages");
        }
    }

    static GetMessagesResult empty(Status status, long nextBeginOffset, long minOffset, long maxOffset) {
        return new GetMessagesResult(status, nextBeginOffset, minOffset, maxOffset, EMPTY, 0);
    }

    /** Physical offset of the first record in {@link #body()}, -1 when there is none. */
    public long firstPhysicalOffset() {
        return messageCount == 0 ? -1 : ByteBuffer.wrap(body).getLong(MessageRecordCodec.PHYSICAL_OFFSET_OFFSET);
    }

    /** The records decoded (tests, diagnostics; the broker sends {@link #body()} as is). */
    public List<MessageRecord> decodeRecords() {
        return MessageRecordCodec.decodeAll(body);
    }
}
