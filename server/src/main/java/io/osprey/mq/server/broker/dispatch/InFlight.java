package io.osprey.mq.server.broker.dispatch;

/**
 * A message handed to a consumer and not yet acknowledged or returned. {@code committing}: a transaction's commit
 * acknowledging it is being written; until it is, nothing else may settle it.
 */
record InFlight(String connectionId, long consumerId, int deliveryCount, boolean committing) {

    InFlight(String connectionId, long consumerId, int deliveryCount) {
        this(connectionId, consumerId, deliveryCount, false);
    }

    InFlight toCommit() {
        return new InFlight(connectionId, consumerId, deliveryCount, true);
    }
}
