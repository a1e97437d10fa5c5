package io.osprey.mq.protocol.body;

/** One queue of a topic on one broker name, as clients and admin tools name it. */
public record MessageQueue(String topic, String brokerName, int queueId) {
}
