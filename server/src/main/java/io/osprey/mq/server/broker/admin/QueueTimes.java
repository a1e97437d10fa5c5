package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.MessageStore;
import java.util.List;

/** Store times of queue entries, which the admin bodies show next to offsets. */
final class QueueTimes {
    private final MessageStore store;

    QueueTimes(MessageStore store) {
        this.store = store;
    }

    /**
     * Store time of the message at {@code queueOffset}, or 0 when there is none (below the queue's min offset,
     * at or past its max, or deleted): the stock broker also reports 0 for "unknown".
     */
    long storeTime(String topic, int queueId, long queueOffset) {
        if (queueOffset < store.minOffset(topic, queueId) || queueOffset >= store.maxOffset(topic, queueId)) {
            return 0;
        }
        GetMessagesResult result = store.getMessages(topic, queueId, queueOffset, 1, 1, tagsCode -> true);
        if (result.status() != GetMessagesResult.Status.FOUND) {
            return 0;
        }
        List<MessageRecord> records = result.decodeRecords();
        return records.isEmpty() ? 0 : records.get(0).storeTimestamp();
    }
}
