package io.osprey.mq.protocol.body;

/**
 * CHECK_CLIENT_CONFIG's body: sent by a consumer at start for each non-TAG (SQL92) subscription, so that a broker
 * unable to evaluate it refuses before the consumer starts.
 */
public record CheckClientRequestBody(String clientId, String group, SubscriptionData subscriptionData) {
}
