package io.osprey.mq.jms.destination;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.TemporaryTopic;

/** A temporary topic: lives as long as the connection that created it (spec 4.2.6, 6.2.2). */
public final class OspreyTemporaryTopic extends OspreyTemporaryDestination implements TemporaryTopic {
    private static final long serialVersionUID = 1L;

    /**
     * @param owner the creating connection, or null for one read from a message
     * @throws InvalidDestinationException for a name {@link #validateName} refuses
     */
    public OspreyTemporaryTopic(String name, TemporaryDestinationOwner owner) throws InvalidDestinationException {
        super(Kind.TEMPORARY_TOPIC, name, owner);
    }

    @Override
    public String getTopicName() {
        return name();
    }
}
