package io.osprey.mq.server.broker.dispatch;

import java.util.HashMap;
import java.util.Map;

/**
 * A consumer of a subscription, on the dispatcher's thread: its selector, and per queue the offset from which its
 * next scan starts (everything below was offered to it or does not match it).
 */
final class DispatchConsumer {
    private final String connectionId;
    private final String clientId;
    private final long consumerId;
    private final Subscription subscription;
    private final MessageFilter filter;
    private final boolean noLocal;
    private final Map<Integer, Long> cursors = new HashMap<>();
    private PendingFetch pending;

    DispatchConsumer(String connectionId, String clientId, long consumerId, Subscription subscription,
                     MessageFilter filter, boolean noLocal) {
        this.connectionId = connectionId;
        this.clientId = clientId;
        this.consumerId = consumerId;
        this.subscription = subscription;
        this.filter = filter;
        this.noLocal = noLocal;
    }

    String connectionId() {
        return connectionId;
    }

    /** The client ID of the consumer's connection when it opened, null when none. */
    String clientId() {
        return clientId;
    }

    long consumerId() {
        return consumerId;
    }

    Subscription subscription() {
        return subscription;
    }

    MessageFilter filter() {
        return filter;
    }

    boolean noLocal() {
        return noLocal;
    }

    long cursor(int queueId, long floor) {
        return Math.max(floor, cursors.getOrDefault(queueId, floor));
    }

    void moveCursor(int queueId, long offset) {
        cursors.put(queueId, offset);
    }

    PendingFetch pending() {
        return pending;
    }

    void pending(PendingFetch fetch) {
        this.pending = fetch;
    }
}
