package io.osprey.mq.protocol.body;

import java.util.Set;

/**
 * LOCK_BATCH_MQ's body: an orderly consumer asks for the queues it was assigned (reference §8.6).
 *
 * @param clientId       the asking client instance
 * @param consumerGroup  its consumer group
 * @param mqSet          the queues to lock
 * @param onlyThisBroker [5.x] do not forward to the other brokers of the group; null from 4.9 clients
 */
public record LockBatchRequestBody(String clientId, String consumerGroup, Set<MessageQueue> mqSet,
                                   Boolean onlyThisBroker) {
    public LockBatchRequestBody {
        mqSet = mqSet == null ? Set.of() : Set.copyOf(mqSet);
    }
}
