package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConsumer;
import io.osprey.mq.jms.client.ReceivedMessage;
import io.osprey.mq.jms.destination.OspreyDestination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JMS message consumer (spec chapter 8) over one {@link ClientConsumer}: synchronous {@code receive} on the caller's
 * thread, or a {@link MessageListener} called on its session's thread of delivery.
 *
 * <p>A message leaves the client core's buffer for the application only while the connection is started; one
 * taken just as the connection stopped is kept here ({@link #held}) and handed out first once it starts again, or
 * given back, never delivered, when the consumer closes.
 */
public final class OspreyMessageConsumer implements QueueReceiver, TopicSubscriber {
    private final OspreySession session;
    private final OspreyConnection connection;
    private final ClientConsumer client;
    private final OspreyDestination destination;
    private final String selector;
    private final boolean noLocal;
    private final AtomicReference<ReceivedMessage> held = new AtomicReference<>();
    private volatile MessageListener listener;
    private volatile boolean closed;

    OspreyMessageConsumer(OspreySession session, OspreyConnection connection, ClientConsumer client,
                          OspreyDestination destination, String selector, boolean noLocal) {
        this.session = session;
        this.connection = connection;
        this.client = client;
        this.destination = destination;
        this.selector = selector;
        this.noLocal = noLocal;
    }

    ClientConsumer client() {
        return client;
    }

    boolean isClosed() {
        return closed;
    }

    /** Called by the client core on a transport thread whenever messages arrived: must not block. */
    void onAvailable() {
        if (listener != null) {
            session.scheduleDelivery();
        }
    }

    // ---------------------------------------------------------------- synchronous receive

    /** Waits until a message arrives or the consumer closes (spec 8.2.1). */
    @Override
    public Message receive() throws JMSException {
        return receive(Long.MAX_VALUE, false);
    }

    /** Waits up to {@code timeout} ms, 0 meaning for ever (the javadoc of {@code receive(long)}). */
    @Override
    public Message receive(long timeout) throws JMSException {
        if (timeout < 0) {
            throw new JMSException("a receive timeout cannot be negative: " + timeout);
        }
        return receive(timeout == 0 ? Long.MAX_VALUE : timeout, false);
    }

    /** The next message if one is there now; null also while the connection is stopped. */
    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(0, true);
    }

    /** What a receive does with the message it got: hand it out as a message or as its body. */
    private interface HandOut<R> {
        R apply(ReceivedMessage message) throws JMSException;
    }

    private Message receive(long timeoutMillis, boolean noWait) throws JMSException {
        return receive(timeoutMillis, noWait, message -> session.deliverToReceiver(message, destination));
    }

    /**
     * {@code JMSConsumer.receiveBody}: the body of the next message, waiting as {@link #receive(long)} does
     * ({@link Long#MAX_VALUE}: until one arrives) or not at all.
     */
    <T> T receiveBody(Class<T> type, long timeoutMillis, boolean noWait) throws JMSException {
        return receive(timeoutMillis, noWait, message -> session.deliverBodyToReceiver(this, message, type));
    }

    /** A message {@code receiveBody} could not hand out: the next receive gets it first. */
    void keepForNextReceive(ReceivedMessage message) {
        held.set(message);
    }

    private <R> R receive(long timeoutMillis, boolean noWait, HandOut<R> handOut) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("this consumer has a MessageListener: it cannot also receive"
                    + " synchronously");
        }
        long deadline = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (noWait ? !connection.handOut() : !connection.awaitStarted(deadline, this::abandoned)) {
                return null;
            }
            ReceivedMessage message = held.getAndSet(null);
            if (message == null) {
                message = client.poll(noWait ? 0 : remainingMillis(deadline));
            }
            if (message == null) {
                return null;
            }
            if (abandoned()) {
                giveBackUndelivered(message);
                return null;
            }
            if (!connection.handOut()) {
                // stopped while this thread waited: the message is for the receive after the restart
                held.set(message);
                if (noWait) {
                    return null;
                }
                continue;
            }
            return handOut.apply(message);
        }
    }

    private static long remainingMillis(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private boolean abandoned() {
        return closed || session.isClosing();
    }

    // ---------------------------------------------------------------- listener

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return listener;
    }

    /**
     * Sets or removes the listener. It is called on the session's thread of delivery, one message at a time across
     * all the session's consumers (spec 6.2.13).
     */
    @Override
    public void setMessageListener(MessageListener messageListener) throws JMSException {
        checkOpen();
        this.listener = messageListener;
        if (messageListener != null) {
            session.startDeliveryThread();
            session.scheduleDelivery();
        }
    }

    /**
     * On the session's thread of delivery with its delivery lock held: hands the next message to the listener.
     * False when there was none (or no listener, or delivery may not happen now).
     */
    boolean deliverNextToListener() throws JMSException {
        MessageListener current = listener;
        if (current == null || closed || !connection.handOut()) {
            return false;
        }
        ReceivedMessage message = held.getAndSet(null);
        if (message == null) {
            message = client.poll(0);
        }
        if (message == null) {
            return false;
        }
        session.deliverToListener(this, message, current);
        return true;
    }

    /**
     * Stops fetching and takes everything fetched and not handed out (recover, rollback: it goes back to the broker
     * with the rest, and the consumer fetches again once started).
     */
    List<ReceivedMessage> recall() {
        List<ReceivedMessage> out = new ArrayList<>();
        ReceivedMessage first = held.getAndSet(null);
        if (first != null) {
            out.add(first);
        }
        out.addAll(client.recall());
        return out;
    }

    // ---------------------------------------------------------------- close

    /**
     * Closes the consumer (spec 8.2.4 and the javadoc of {@code close}): a receive blocked in another thread returns
     * null, and a listener of this session that is running is waited for — unless this is that listener's thread,
     * where the close takes effect once the listener returns. Messages fetched and never handed out go back to the
     * subscription as not delivered; those delivered and not acknowledged stay with the session, whose
     * {@code acknowledge} or close settles them.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        session.forget(this);
        connection.wakeWaiters();
        JMSException failure = null;
        try {
            client.close();
        } catch (JMSException e) {
            failure = e;
        }
        session.awaitRunningListener();
        ReceivedMessage kept = held.getAndSet(null);
        if (kept != null) {
            try {
                giveBackUndelivered(kept);
            } catch (JMSException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closing with the session: the session waits for its listener and settles what was delivered. */
    void closeWithSession() throws JMSException {
        closed = true;
        client.close();
        ReceivedMessage kept = held.getAndSet(null);
        if (kept != null && !connection.client().failed()) {
            giveBackUndelivered(kept);
        }
    }

    private void giveBackUndelivered(ReceivedMessage message) throws JMSException {
        connection.client().giveBack(List.of(message), false);
    }

    private void checkOpen() throws JMSException {
        if (closed) {
            throw new IllegalStateException("the consumer is closed");
        }
        session.checkOpen();
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        if (destination instanceof Queue queue) {
            return queue;
        }
        throw new IllegalStateException("this consumer consumes from topic " + destination + ", not a queue");
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        if (destination instanceof Topic topic) {
            return topic;
        }
        throw new IllegalStateException("this consumer consumes from queue " + destination + ", not a topic");
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkOpen();
        return noLocal;
    }

    OspreyDestination destination() {
        return destination;
    }

    @Override
    public String toString() {
        return "consumer of " + destination + (selector == null ? "" : " selecting " + selector);
    }
}
