package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.BrowseCursor;
import io.osprey.mq.protocol.dispatch.Delivery;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.TagFilter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pages of a queue's messages for a {@code QueueBrowser} (Jakarta Messaging 3.1, 4.1.6 "QueueBrowser"), read on the
 * dispatcher's thread from the store as the dispatch scan reads them and judged the same way: an expired message or
 * one whose delivery time is ahead is not shown, a selector is the same compiled {@link MessageFilter} and sees the
 * delivery count the message is shown with.
 *
 * <p>What "the messages on the queue" means: the messages a consumer of the queue could receive now. Those delivered
 * to a consumer and not yet acknowledged are not shown (the spec leaves it open; a message being processed is, to
 * the application, no longer waiting on the queue, and showing it would show a message a consumer may acknowledge a
 * moment later). Messages returned to the queue (recover, rollback, a closed consumer) are shown again, with the
 * delivery count their next delivery will have. Browsing changes nothing: no delivery, no count, no cursor of any
 * consumer.
 *
 * <p>Order is delivery order, priority first and arrival (CommitLog position) second, without holding the queue in
 * memory: a browse makes one pass over the queue per priority present (see {@link BrowseCursor}), merging the queue
 * ids by CommitLog position. One page request reads at most {@link #SCAN_BUDGET} records, so a browse of a long
 * queue never holds the dispatcher's thread for long; a page may then be empty and not the last.
 */
final class QueueBrowsing {
    /** Records one page request reads at most. */
    static final int SCAN_BUDGET = 2_048;
    private static final int READ_BATCH = 32;
    private static final int READ_BYTES = 4 * 1024 * 1024;

    private final MessageStore store;

    QueueBrowsing(MessageStore store) {
        this.store = store;
    }

    /** A page and the cursor of the next one; null when the browse is over. */
    record Page(List<Delivery> messages, BrowseCursor next) {
    }

    private record Entry(int queueId, long offset, long physicalOffset, MessageRecord record, byte[] bytes) {
    }

    /**
     * One page of up to {@code max} messages.
     *
     * @param queueSubscription the queue's subscription on this broker, null when no consumer ever opened it (every
     *                          stored message is then available)
     * @param cursor            null for the first page
     */
    Page page(String topic, int queueCount, Subscription queueSubscription, MessageFilter filter, BrowseCursor cursor,
              int max, long now) {
        if (cursor == null) {
            if (queueCount == 0) {
                return new Page(List.of(), null);
            }
            Map<Integer, Long> ends = new TreeMap<>();
            for (int q = 0; q < queueCount; q++) {
                ends.put(q, store.maxOffset(topic, q));
            }
            cursor = new BrowseCursor(BrowseCursor.HIGHEST_PRIORITY, -1, starts(topic, ends, queueSubscription),
                    ends);
        }
        Map<Integer, Long> ends = cursor.ends();
        Map<Integer, Long> positions = new TreeMap<>(cursor.positions());
        int priority = cursor.priority();
        int lowerSeen = cursor.lowerSeen();
        Map<Integer, ArrayDeque<Entry>> heads = new HashMap<>();
        List<Delivery> out = new ArrayList<>();
        long bytes = 0;
        int scanned = 0;
        while (out.size() < max && bytes < READ_BYTES && scanned < SCAN_BUDGET) {
            Entry next = null;
            for (int queueId : positions.keySet()) {
                ArrayDeque<Entry> head = heads.computeIfAbsent(queueId, q -> new ArrayDeque<>());
                if (head.isEmpty()) {
                    fill(topic, queueId, positions, ends.get(queueId), head);
                }
                Entry candidate = head.peekFirst();
                if (candidate != null && (next == null || candidate.physicalOffset() < next.physicalOffset())) {
                    next = candidate;
                }
            }
            if (next == null) {
                // this pass is over: the next shows the highest priority below it that it saw
                if (lowerSeen < 0) {
                    return new Page(out, null);
                }
                priority = lowerSeen;
                lowerSeen = -1;
                positions = new TreeMap<>(starts(topic, ends, queueSubscription));
                heads.clear();
                continue;
            }
            heads.get(next.queueId()).pollFirst();
            positions.put(next.queueId(), next.offset() + 1);
            scanned++;
            QueueState state = queueSubscription == null ? null : queueSubscription.queue(next.queueId());
            if (state != null && (state.isDone(next.offset()) || state.inFlight(next.offset()) != null)) {
                continue;
            }
            Map<String, String> properties = next.record().propertiesMap();
            Integer previous = state == null ? null : state.available().get(next.offset());
            int deliveryCount = previous == null ? 1 : previous + 1;
            long expiration = Dispatcher.longProperty(properties, JmsHeaders.JMS_EXPIRATION, 0);
            if ((expiration > 0 && expiration <= now)
                    || Dispatcher.longProperty(properties, JmsHeaders.JMS_DELIVERY_TIME, 0) > now
                    || !filter.accepts(properties, deliveryCount)) {
                continue;
            }
            int messagePriority = Dispatcher.priority(properties);
            if (messagePriority == priority) {
                out.add(new Delivery(next.queueId(), next.offset(), deliveryCount, next.bytes()));
                bytes += next.bytes().length;
            } else if (messagePriority < priority) {
                lowerSeen = Math.max(lowerSeen, messagePriority);
            }
        }
        return new Page(out, new BrowseCursor(priority, lowerSeen, positions, ends));
    }

    /** Where a pass starts in each queue: the queue subscription's floor, or the queue's first message. */
    private Map<Integer, Long> starts(String topic, Map<Integer, Long> ends, Subscription queueSubscription) {
        Map<Integer, Long> starts = new TreeMap<>();
        for (int queueId : ends.keySet()) {
            QueueState state = queueSubscription == null ? null : queueSubscription.queue(queueId);
            long min = store.minOffset(topic, queueId);
            starts.put(queueId, Math.min(ends.get(queueId), state == null ? min : Math.max(min, state.floor())));
        }
        return starts;
    }

    /** Reads the next records of a queue below {@code end} into {@code head}, moving past holes. */
    private void fill(String topic, int queueId, Map<Integer, Long> positions, long end, ArrayDeque<Entry> head) {
        long position = positions.get(queueId);
        while (head.isEmpty() && position < end) {
            GetMessagesResult result = store.getMessages(topic, queueId, position,
                    (int) Math.min(READ_BATCH, end - position), READ_BYTES, TagFilter.ALL);
            switch (result.status()) {
                case FOUND -> {
                    ByteBuffer records = ByteBuffer.wrap(result.body());
                    while (records.hasRemaining()) {
                        byte[] bytes = new byte[records.getInt(records.position())];
                        records.get(bytes);
                        MessageRecord record = MessageRecordCodec.decode(bytes);
                        if (record.queueOffset() >= position && record.queueOffset() < end) {
                            head.addLast(new Entry(queueId, record.queueOffset(), record.physicalOffset(), record,
                                    bytes));
                        }
                    }
                    if (head.isEmpty()) {
                        position = Math.max(position + 1, result.nextBeginOffset());
                    }
                }
                case OFFSET_TOO_SMALL -> position = Math.max(position + 1, result.nextBeginOffset());
                case OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> position = Math.max(position + 1,
                        result.nextBeginOffset());
                default -> position = end;
            }
        }
        // a hole skipped counts as read; what is buffered is read again if this page ends before it is taken
        positions.put(queueId, head.isEmpty() ? Math.max(position, positions.get(queueId))
                : positions.get(queueId));
    }
}
