package io.osprey.mq.protocol.dispatch;

import java.util.Objects;

/**
 * A send made in a transaction, held by the client until the transaction ends.
 *
 * @param topic         the destination's topic
 * @param queueId       the queue the producer chose, or -1 for the broker's choice
 * @param bornTimestamp the producer's clock when the application sent it
 * @param properties    the encoded RocketMQ properties string, JMS headers included
 * @param body          the encoded body
 */
public record StagedSend(String topic, int queueId, long bornTimestamp, String properties, byte[] body) {
    public StagedSend {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(body, "body");
    }
}
