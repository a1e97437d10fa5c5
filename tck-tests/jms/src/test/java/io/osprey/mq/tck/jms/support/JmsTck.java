package io.osprey.mq.tck.jms.support;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every test class of the suite shares: the administered objects, found only through a plain
 * {@code new InitialContext()}, and the connections and contexts a test opened, closed after it.
 * Destinations come from {@code dynamicQueues/} and {@code dynamicTopics/} with names no other test uses, so
 * that no test sees another's messages.
 */
@ExtendWith(StandaloneServerExtension.class)
public abstract class JmsTck {
    /** How long a test waits for a message it expects (never for one it expects not to come). */
    protected static final long RECEIVE_MILLIS = 10_000;
    /** How long a test waits to see that no message comes. */
    protected static final long NO_MESSAGE_MILLIS = 300;

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Closes what the test opened, newest first; after each test, or earlier when a test needs it. */
    @AfterEach
    protected void closeOpened() throws Exception {
        Exception first = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }

    protected static Object lookup(String name) throws NamingException {
        InitialContext context = new InitialContext();
        try {
            return context.lookup(name);
        } finally {
            context.close();
        }
    }

    protected static ConnectionFactory connectionFactory() throws NamingException {
        return (ConnectionFactory) lookup("ConnectionFactory");
    }

    /** The factory whose connections carry a client ID, for durable subscriptions. */
    protected static ConnectionFactory durableConnectionFactory() throws NamingException {
        return (ConnectionFactory) lookup("DURABLE_SUB_CONNECTION_FACTORY");
    }

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    protected static Queue newQueue() throws NamingException {
        return (Queue) lookup("dynamicQueues/" + unique("tckQ"));
    }

    protected static Topic newTopic() throws NamingException {
        return (Topic) lookup("dynamicTopics/" + unique("tckT"));
    }

    /** Closed after the test. */
    protected <T extends AutoCloseable> T closing(T resource) {
        opened.add(resource);
        return resource;
    }

    /** A started connection from the default factory, closed after the test. */
    protected Connection connection() throws NamingException, JMSException {
        Connection connection = closing(connectionFactory().createConnection());
        connection.start();
        return connection;
    }

    /** A started connection from the client-ID factory, closed after the test. */
    protected Connection durableConnection() throws NamingException, JMSException {
        Connection connection = closing(durableConnectionFactory().createConnection());
        connection.start();
        return connection;
    }

    protected Session session() throws NamingException, JMSException {
        return connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    protected JMSContext context() throws NamingException {
        return closing(connectionFactory().createContext());
    }

    protected JMSContext context(int sessionMode) throws NamingException {
        return closing(connectionFactory().createContext(sessionMode));
    }

    /** Waits until {@code thread} waits (parks or sleeps in a timed wait): it is blocked in a call. */
    protected static void awaitBlocked(Thread thread) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.TERMINATED;
        });
    }

    /** The next message, which must come. */
    protected static Message expect(MessageConsumer consumer) throws JMSException {
        Message message = consumer.receive(RECEIVE_MILLIS);
        if (message == null) {
            throw new AssertionError("no message within " + RECEIVE_MILLIS + " ms");
        }
        return message;
    }
}
