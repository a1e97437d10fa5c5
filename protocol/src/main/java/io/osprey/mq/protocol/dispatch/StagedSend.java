package io.osprey.mq.protocol.dispatch;

import java.util.Arrays;
import java.util.Objects;

/**
 * A send made in a transaction, held by the client until the transaction ends. Two are equal when every field is,
 * the body compared byte by byte (a record would compare the array's identity).
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

    @Override
    public boolean equals(Object other) {
        return other instanceof StagedSend s && queueId == s.queueId && bornTimestamp == s.bornTimestamp
                && topic.equals(s.topic) && properties.equals(s.properties) && Arrays.equals(body, s.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, queueId, bornTimestamp, properties) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StagedSend[topic=" + topic + ", queueId=" + queueId + ", bornTimestamp=" + bornTimestamp
                + ", properties=" + properties.length() + " chars, body=" + body.length + " bytes]";
    }
}
