package io.osprey.mq.jms.destination;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.TemporaryQueue;

/** A temporary queue: lives as long as the connection that created it (spec 4.1.5, 6.2.2). */
public final class OspreyTemporaryQueue extends OspreyTemporaryDestination implements TemporaryQueue {
    private static final long serialVersionUID = 1L;

    /**
     * @param owner the creating connection, or null for one read from a message
     * @throws InvalidDestinationException for a name {@link #validateName} refuses
     */
    public OspreyTemporaryQueue(String name, TemporaryDestinationOwner owner) throws InvalidDestinationException {
        super(Kind.TEMPORARY_QUEUE, name, owner);
    }

    @Override
    public String getQueueName() {
        return name();
    }
}
