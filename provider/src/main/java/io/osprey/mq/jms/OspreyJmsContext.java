package io.osprey.mq.jms;

import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTopic;
import io.osprey.mq.jms.message.OspreyBytesMessage;
import io.osprey.mq.jms.message.OspreyMapMessage;
import io.osprey.mq.jms.message.OspreyMessage;
import io.osprey.mq.jms.message.OspreyObjectMessage;
import io.osprey.mq.jms.message.OspreyStreamMessage;
import io.osprey.mq.jms.message.OspreyTextMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;

/**
 * The simplified API's context (spec 2.8 "Simplified API interfaces", the javadoc of {@link JMSContext}): one
 * {@link OspreySession} on a connection that contexts made by {@link #createContext(int)} share; the connection
 * closes with the last of them. Checked exceptions become their unchecked counterparts ({@link RuntimeExceptions}).
 *
 * <p>The session is created on first need, so that {@link #setClientID} still works right after the context was made
 * (the client ID must be set before anything else is done). With auto-start, the default, creating a consumer starts
 * the connection.
 */
sealed class OspreyJmsContext implements JMSContext permits OspreyXaJmsContext {
    /** The connection the contexts made from one factory call share, closed by the last one to close. */
    static final class SharedConnection {
        private final OspreyConnection connection;
        private int users = 1;

        SharedConnection(OspreyConnection connection) {
            this.connection = connection;
        }

        synchronized void join() {
            if (users == 0) {
                throw new IllegalStateRuntimeException("the context's connection is closed");
            }
            users++;
        }

        /** Whether this was the last user. */
        synchronized boolean isLastUser() {
            return users == 1;
        }

        synchronized boolean leave() {
            users--;
            return users == 0;
        }
    }

    private final SharedConnection shared;
    private final OspreyConnection connection;
    private final int sessionMode;
    /** Guarded by {@code this}. */
    private OspreySession session;
    private volatile boolean closed;
    private volatile boolean autoStart = true;

    OspreyJmsContext(SharedConnection shared, int sessionMode) {
        checkSessionMode(sessionMode);
        this.shared = shared;
        this.connection = shared.connection;
        this.sessionMode = sessionMode;
    }

    /** The factory's {@code createContext}: a connection of its own, closed if the mode is refused. */
    static JMSContext open(OspreyConnection connection, int sessionMode) {
        try {
            return new OspreyJmsContext(new SharedConnection(connection), sessionMode);
        } catch (JMSRuntimeException e) {
            try {
                connection.close();
            } catch (JMSException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void checkSessionMode(int mode) {
        if (mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE && mode != DUPS_OK_ACKNOWLEDGE
                && mode != SESSION_TRANSACTED) {
            throw new JMSRuntimeException("invalid session mode " + mode);
        }
    }

    OspreyConnection connection() {
        return connection;
    }

    OspreySession session() {
        checkOpen();
        synchronized (this) {
            if (session == null) {
                try {
                    session = openSession();
                } catch (JMSException e) {
                    throw RuntimeExceptions.of(e);
                }
            }
            return session;
        }
    }

    /** The context's session, made on first need. */
    OspreySession openSession() throws JMSException {
        return (OspreySession) connection.createSession(sessionMode);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("the JMSContext is closed");
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        checkSessionMode(sessionMode);
        shared.join();
        return new OspreyJmsContext(shared, sessionMode);
    }

    // ---------------------------------------------------------------- producers and consumers

    @Override
    public JMSProducer createProducer() {
        try {
            return new OspreyJmsProducer((OspreyMessageProducer) session().createProducer(null));
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    private JMSConsumer consumer(JmsCall<jakarta.jms.MessageConsumer> create) {
        try {
            OspreyMessageConsumer consumer = (OspreyMessageConsumer) create.call(session());
            if (autoStart) {
                connection.start();
            }
            return new OspreyJmsConsumer(consumer);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    private interface JmsCall<R> {
        R call(OspreySession session) throws JMSException;
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(s -> s.createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(s -> s.createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(s -> s.createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(s -> s.createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(s -> s.createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(s -> s.createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(s -> s.createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(s -> s.createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(s -> s.createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return call(s -> s.createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return call(s -> s.createBrowser(queue, messageSelector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return call(OspreySession::createTemporaryQueue);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return call(OspreySession::createTemporaryTopic);
    }

    @Override
    public void unsubscribe(String name) {
        call(s -> {
            s.unsubscribe(name);
            return null;
        });
    }

    private <R> R call(JmsCall<R> call) {
        try {
            return call.call(session());
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    // ---------------------------------------------------------------- destinations and messages

    @Override
    public Queue createQueue(String queueName) {
        checkOpen();
        try {
            return new OspreyQueue(queueName);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public Topic createTopic(String topicName) {
        checkOpen();
        try {
            return new OspreyTopic(topicName);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public BytesMessage createBytesMessage() {
        checkOpen();
        return new OspreyBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() {
        checkOpen();
        return new OspreyMapMessage();
    }

    @Override
    public Message createMessage() {
        checkOpen();
        return new OspreyMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() {
        checkOpen();
        return new OspreyObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        checkOpen();
        try {
            return new OspreyObjectMessage(object);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public StreamMessage createStreamMessage() {
        checkOpen();
        return new OspreyStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() {
        checkOpen();
        return new OspreyTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) {
        checkOpen();
        return new OspreyTextMessage(text);
    }

    // ---------------------------------------------------------------- session mode

    @Override
    public boolean getTransacted() {
        checkOpen();
        return sessionMode == SESSION_TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        checkOpen();
        return sessionMode;
    }

    @Override
    public void commit() {
        checkOpen();
        if (sessionMode != SESSION_TRANSACTED) {
            throw new IllegalStateRuntimeException("commit() on a JMSContext that is not transacted");
        }
        try {
            session().commit();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void rollback() {
        checkOpen();
        if (sessionMode != SESSION_TRANSACTED) {
            throw new IllegalStateRuntimeException("rollback() on a JMSContext that is not transacted");
        }
        try {
            session().rollback();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void recover() {
        call(s -> {
            s.recover();
            return null;
        });
    }

    /** Acknowledges everything the context's session consumed under CLIENT_ACKNOWLEDGE; ignored otherwise. */
    @Override
    public void acknowledge() {
        checkOpen();
        OspreySession current;
        synchronized (this) {
            current = session;
        }
        if (current == null) {
            return;
        }
        try {
            current.acknowledge();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    // ---------------------------------------------------------------- connection

    @Override
    public String getClientID() {
        checkOpen();
        try {
            return connection.getClientID();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        try {
            connection.setClientID(clientID);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        try {
            return connection.getMetaData();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        try {
            return connection.getExceptionListener();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        try {
            connection.setExceptionListener(listener);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void start() {
        checkOpen();
        try {
            connection.start();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void stop() {
        checkOpen();
        try {
            connection.stop();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    /**
     * Closes the context's session and, when no other context shares it, the connection. From a listener or
     * completion callback that would wait for itself: IllegalStateRuntimeException, one of the two behaviours the
     * javadoc allows.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        OspreySession current;
        synchronized (this) {
            current = session;
        }
        boolean ownCallback = current != null && (current.isListenerThread() || current.isCompletionThread());
        if (ownCallback || (shared.isLastUser() && connection.isCallbackThread())) {
            throw new IllegalStateRuntimeException("close() called by a MessageListener or CompletionListener of"
                    + " this JMSContext, which would wait for itself");
        }
        closed = true;
        try {
            if (current != null) {
                current.close();
            }
            if (shared.leave()) {
                connection.close();
            }
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public String toString() {
        return "JMSContext on " + connection;
    }
}
