package io.osprey.mq.jms.destination;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.Queue;

/** A JMS queue: the RocketMQ topic of the same name, consumed through one shared subscription. */
public final class OspreyQueue extends OspreyDestination implements Queue {
    private static final long serialVersionUID = 1L;

    /** @throws InvalidDestinationException for a name {@link #validateName} refuses */
    public OspreyQueue(String name) throws InvalidDestinationException {
        super(Kind.QUEUE, name);
    }

    @Override
    public String getQueueName() {
        return name();
    }
}
