package io.osprey.mq.server.store;

/**
 * Told when new entries of a queue become readable by {@link MessageStore#getMessages}. Called on the reput
 * thread: must not block (hand off to the pull handler's executor).
 */
@FunctionalInterface
public interface ArrivalListener {
    void onArrival(String topic, int queueId, long newMaxOffset);
}
