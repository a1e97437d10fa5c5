package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import jakarta.jms.JMSException;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * A connection of an {@link OspreyXaConnectionFactory}: a connection like any other (its {@code createSession}
 * sessions are ordinary ones), which also makes XA sessions. The broker rolls back a branch not yet prepared when the
 * connection that started it closes or is lost; a prepared one waits for its transaction manager.
 */
final class OspreyXaConnection extends OspreyConnection implements XAQueueConnection, XATopicConnection {

    OspreyXaConnection(ClientConnection client, boolean clientIdAdministered) {
        super(client, clientIdAdministered);
    }

    @Override
    public XASession createXASession() throws JMSException {
        return newXaSession(OspreySession.Domain.ANY);
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return newXaSession(OspreySession.Domain.QUEUE);
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return newXaSession(OspreySession.Domain.TOPIC);
    }
}
