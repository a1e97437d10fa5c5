package io.osprey.mq.jms.destination;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.Topic;

/** A JMS topic: the RocketMQ topic of the same name, each subscription a consumer group of its own. */
public final class OspreyTopic extends OspreyDestination implements Topic {
    private static final long serialVersionUID = 1L;

    /** @throws InvalidDestinationException for a name {@link #validateName} refuses */
    public OspreyTopic(String name) throws InvalidDestinationException {
        super(Kind.TOPIC, name);
    }

    @Override
    public String getTopicName() {
        return name();
    }
}
