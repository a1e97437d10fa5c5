package io.osprey.mq.jms.destination;

import jakarta.jms.JMSException;

/**
 * The connection that created a temporary destination (spec 6.2.2): it alone may consume from it and delete it,
 * and it deletes it when it closes. A connection passes itself (or an object standing for it) when it creates the
 * destination and asks {@link OspreyTemporaryDestination#isOwnedBy} before it lets a consumer be created on it.
 */
public interface TemporaryDestinationOwner {
    /**
     * Deletes the destination at the broker.
     *
     * @throws JMSException when the connection is closed, the destination still has consumers (the spec's
     *                      "If there are existing receivers still using it, a JMSException will be thrown"), or the
     *                      broker refuses
     */
    void deleteTemporaryDestination(OspreyTemporaryDestination destination) throws JMSException;
}
