package io.osprey.mq.protocol.body;

import java.util.Set;

/**
 * UNLOCK_BATCH_MQ's body: a consumer gives up queues it no longer consumes (rebalance, shutdown).
 *
 * @param clientId       the releasing client instance
 * @param consumerGroup  its consumer group
 * @param mqSet          the queues to unlock
 * @param onlyThisBroker [5.x] do not forward to the other brokers of the group; null from 4.9 clients
 */
public record UnlockBatchRequestBody(String clientId, String consumerGroup, Set<MessageQueue> mqSet,
                                     Boolean onlyThisBroker) {
    public UnlockBatchRequestBody {
        mqSet = mqSet == null ? Set.of() : Set.copyOf(mqSet);
    }
}
