package io.osprey.mq.jms.message;

import java.util.Map;
import java.util.Objects;

/**
 * A JMS message in RocketMQ form, as {@link MessageCodec#encode} makes it: the body bytes and the RocketMQ message
 * properties (insertion-ordered, unmodifiable). The producer sends these as a RocketMQ message to the destination's
 * topic.
 *
 * @param body       never null; empty for a plain Message
 * @param properties UNIQ_KEY, OSPREY_BODY, the headers, the JMS properties, OSPREY_TYPES
 */
public record EncodedMessage(byte[] body, Map<String, String> properties) {
    public EncodedMessage {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(properties, "properties");
    }
}
