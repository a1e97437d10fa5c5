package io.osprey.mq.server.store;

import java.util.Objects;

/** One consume queue: a topic and a queue id. */
record QueueKey(String topic, int queueId) {
    QueueKey {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "/" + queueId;
    }
}
