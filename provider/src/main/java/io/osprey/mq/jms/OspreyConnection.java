package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.destination.TemporaryDestinationOwner;
import io.osprey.mq.protocol.dispatch.ClientIds;
import io.osprey.mq.protocol.jms.MessageIds;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS connection (spec 6.1) over one {@link ClientConnection}: the client ID rules, the started/stopped state its
 * consumers deliver by, its sessions, and the {@link ExceptionListener}.
 *
 * <p>Client ID (6.1.2): one administratively configured in the factory's URL is fixed; otherwise
 * {@link #setClientID} may set one, once, before anything else is done with the connection. The broker decides
 * whether it is in use ({@link InvalidClientIDException}).
 *
 * <p>Start and stop (6.1.4, 6.1.5): a connection is created stopped. While stopped, no listener is called and no
 * {@code receive} returns a message: a consumer takes a message out of the client core's buffer only after
 * {@link #handOut()} has seen the connection started under the same lock {@link #stop()} clears it with, and
 * {@code stop} then waits for every session's running listener. Close (6.1.8) stops delivery, closes each session —
 * which waits for its listener, its receives and its asynchronous sends — and ends the broker sessions, which return
 * every unacknowledged message as redelivered. A listener or completion callback of this connection calling
 * {@code stop} or {@code close} on it would wait for itself: it gets {@link IllegalStateException}.
 */
public sealed class OspreyConnection implements QueueConnection, TopicConnection permits OspreyXaConnection {
    private static final Logger LOG = LoggerFactory.getLogger(OspreyConnection.class);

    private final ClientConnection client;
    private final boolean clientIdAdministered;
    private final String name;
    private final MessageIds messageIds = new MessageIds();
    /** Deletes at the broker, which refuses while a consumer is open on the destination. */
    private final TemporaryDestinationOwner temporaryOwner = destination -> client().deleteTemporary(
            destination.name());
    private final List<OspreySession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionNumbers = new AtomicInteger();
    /** Guards the fields below; receives stopped by a stopped connection wait on it. */
    private final Object state = new Object();
    private boolean started;
    private boolean closing;
    private boolean closed;
    /** Anything but setting the client ID has been done (6.1.2: the ID must be set before). */
    private boolean used;
    private volatile ExceptionListener exceptionListener;
    private ExecutorService exceptionListenerThread;

    OspreyConnection(ClientConnection client, boolean clientIdAdministered) {
        this.client = client;
        this.clientIdAdministered = clientIdAdministered;
        this.name = "osprey-jms-" + client.connectionId().substring(0, 8);
        client.onLoss(this::tellExceptionListener);
    }

    ClientConnection client() {
        return client;
    }

    /** This connection as the owner of the temporary destinations its sessions create (6.2.2). */
    TemporaryDestinationOwner temporaryOwner() {
        return temporaryOwner;
    }

    MessageIds messageIds() {
        return messageIds;
    }

    String name() {
        return name;
    }

    // ---------------------------------------------------------------- sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, OspreySession.Domain.ANY);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return newSession(sessionMode, OspreySession.Domain.ANY);
    }

    @Override
    public Session createSession() throws JMSException {
        return newSession(Session.AUTO_ACKNOWLEDGE, OspreySession.Domain.ANY);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, OspreySession.Domain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, OspreySession.Domain.TOPIC);
    }

    private OspreySession newSession(int sessionMode, OspreySession.Domain domain) throws JMSException {
        markUsed();
        if (sessionMode != Session.AUTO_ACKNOWLEDGE && sessionMode != Session.CLIENT_ACKNOWLEDGE
                && sessionMode != Session.DUPS_OK_ACKNOWLEDGE && sessionMode != Session.SESSION_TRANSACTED) {
            throw new JMSException("invalid session mode " + sessionMode + ": expected AUTO_ACKNOWLEDGE (1),"
                    + " CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3) or SESSION_TRANSACTED (0)");
        }
        OspreySession session = new OspreySession(this, sessionMode, domain,
                name + "-session-" + sessionNumbers.incrementAndGet());
        sessions.add(session);
        return session;
    }

    /** A new XA session of the domain (an {@link OspreyXaConnection}'s). */
    OspreyXaSession newXaSession(OspreySession.Domain domain) throws JMSException {
        markUsed();
        OspreyXaSession session = new OspreyXaSession(this, domain,
                name + "-xa-session-" + sessionNumbers.incrementAndGet());
        sessions.add(session);
        return session;
    }

    void forget(OspreySession session) {
        sessions.remove(session);
    }

    // ---------------------------------------------------------------- client ID

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return client.clientId();
    }

    @Override
    public void setClientID(String clientID) throws JMSException {
        synchronized (state) {
            checkOpen();
            if (clientIdAdministered) {
                throw new IllegalStateException("the client ID is configured in the connection factory ("
                        + client.clientId() + ") and cannot be changed");
            }
            if (client.clientId() != null) {
                throw new IllegalStateException("the client ID is already set to " + client.clientId());
            }
            if (used) {
                throw new IllegalStateException("the client ID must be set before the connection is used"
                        + " (Jakarta Messaging 3.1 section 6.1.2)");
            }
            String problem = ClientIds.problem(clientID);
            if (problem != null) {
                throw new InvalidClientIDException("client ID [" + ClientIds.printable(clientID) + "] refused: "
                        + problem);
            }
            // the broker refuses one that another connection holds
            client.claimClientId(clientID);
            used = true;
        }
    }

    private void markUsed() throws JMSException {
        synchronized (state) {
            checkOpen();
            used = true;
        }
    }

    // ---------------------------------------------------------------- metadata, exception listener

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        return new OspreyConnectionMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        markUsed();
        this.exceptionListener = listener;
    }

    /**
     * Tells the exception listener, on a thread of its own (the connection serializes its calls, and the caller may
     * be a transport thread that must not block). Without a listener the problem is logged.
     */
    void tellExceptionListener(JMSException problem) {
        ExceptionListener listener = exceptionListener;
        if (listener == null) {
            LOG.warn("{}: {} (no ExceptionListener is set)", name, problem.getMessage());
            return;
        }
        ExecutorService thread;
        synchronized (state) {
            if (closed) {
                return;
            }
            if (exceptionListenerThread == null) {
                exceptionListenerThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name + "-exception-listener");
                    t.setDaemon(true);
                    return t;
                });
            }
            thread = exceptionListenerThread;
        }
        thread.execute(() -> {
            try {
                listener.onException(problem);
            } catch (RuntimeException e) {
                LOG.warn("{}: the ExceptionListener threw", name, e);
            }
        });
        synchronized (state) {
            state.notifyAll();
        }
    }

    // ---------------------------------------------------------------- start, stop, close

    @Override
    public void start() throws JMSException {
        synchronized (state) {
            checkOpen();
            used = true;
            if (started || closing) {
                return;
            }
            started = true;
            state.notifyAll();
        }
        for (OspreySession session : sessions) {
            session.resumeDelivery();
        }
    }

    /**
     * Stops delivery and waits for every running listener (6.1.5). Called from a listener of this connection it
     * would wait for itself: {@link IllegalStateException}, one of the two behaviours the spec allows.
     */
    @Override
    public void stop() throws JMSException {
        if (isListenerThread()) {
            throw new IllegalStateException("stop() called by a MessageListener of this connection, which would"
                    + " wait for itself");
        }
        synchronized (state) {
            checkOpen();
            used = true;
            if (!started) {
                return;
            }
            started = false;
        }
        for (OspreySession session : sessions) {
            session.pauseDelivery();
        }
    }

    @Override
    public void close() throws JMSException {
        if (isCallbackThread()) {
            throw new IllegalStateException("close() called by a MessageListener or CompletionListener of this"
                    + " connection, which would wait for itself");
        }
        synchronized (state) {
            if (closing) {
                return;
            }
            closing = true;
            started = false;
            state.notifyAll();
        }
        JMSException first = null;
        for (OspreySession session : List.copyOf(sessions)) {
            try {
                session.closeWithConnection();
            } catch (JMSException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        sessions.clear();
        // ending the broker sessions returns what the sessions hold, redelivered
        client.close();
        ExecutorService listenerThread;
        synchronized (state) {
            closed = true;
            listenerThread = exceptionListenerThread;
        }
        if (listenerThread != null) {
            listenerThread.shutdown();
        }
        if (first != null) {
            throw first;
        }
    }

    /** Whether the calling thread is the thread of delivery of one of this connection's sessions. */
    boolean isListenerThread() {
        for (OspreySession session : sessions) {
            if (session.isListenerThread()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the calling thread runs a listener or completion callback of one of this connection's sessions. */
    boolean isCallbackThread() {
        for (OspreySession session : sessions) {
            if (session.isListenerThread() || session.isCompletionThread()) {
                return true;
            }
        }
        return false;
    }

    void checkOpen() throws JMSException {
        if (closed || closing) {
            throw new IllegalStateException("the connection is closed");
        }
    }

    boolean isClosing() {
        synchronized (state) {
            return closing;
        }
    }

    boolean isStarted() {
        synchronized (state) {
            return started;
        }
    }

    /**
     * Whether a consumer may hand a message to the application now: the connection is started. Checked under the
     * lock {@link #stop()} clears the flag with, so no message is handed out after {@code stop} began.
     */
    boolean handOut() {
        synchronized (state) {
            return started && !closing;
        }
    }

    /**
     * Waits until the connection is started. False when {@code deadlineNanos} passed (a {@link System#nanoTime()}
     * value, {@link Long#MAX_VALUE} for none), the connection closes or was lost, or {@code abandoned} says the
     * waiting consumer is closing; an interrupt ends the wait too and stays set.
     */
    boolean awaitStarted(long deadlineNanos, BooleanSupplier abandoned) {
        synchronized (state) {
            while (!started) {
                if (closing || abandoned.getAsBoolean() || client.failed()) {
                    return false;
                }
                long waitMillis;
                if (deadlineNanos == Long.MAX_VALUE) {
                    waitMillis = 0;
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                }
                try {
                    state.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !closing;
        }
    }

    /** Wakes receives waiting for the connection to start, so that they see their consumer or session closing. */
    void wakeWaiters() {
        synchronized (state) {
            state.notifyAll();
        }
    }

    // ---------------------------------------------------------------- optional facilities

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw connectionConsumersNotSupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw connectionConsumersNotSupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw connectionConsumersNotSupported();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName,
                                                             String messageSelector, ServerSessionPool sessionPool,
                                                             int maxMessages) throws JMSException {
        throw connectionConsumersNotSupported();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                              String messageSelector, ServerSessionPool sessionPool,
                                                              int maxMessages) throws JMSException {
        throw connectionConsumersNotSupported();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector,
                                                                    ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw connectionConsumersNotSupported();
    }

    private JMSException connectionConsumersNotSupported() throws JMSException {
        checkOpen();
        return new JMSException("connection consumers (ServerSessionPool) are an optional facility for application"
                + " servers that Osprey's provider does not offer; the resource adapter delivers to MDBs instead");
    }

    @Override
    public String toString() {
        return name + "[" + client.connectionId() + (client.clientId() == null ? "" : ", client " + client.clientId())
                + "]";
    }
}
