package io.osprey.mq.protocol.body;

import java.util.Set;

/** LOCK_BATCH_MQ's answer: the requested queues the client now holds; the client skips the others. */
public record LockBatchResponseBody(Set<MessageQueue> lockOKMQSet) {
    public LockBatchResponseBody {
        lockOKMQSet = lockOKMQSet == null ? Set.of() : Set.copyOf(lockOKMQSet);
    }
}
