package io.osprey.mq.server.broker.dispatch;

/** A message handed to a consumer and not yet acknowledged or returned. */
record InFlight(String connectionId, long consumerId, int deliveryCount) {
}
