package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.JmsErrors;
import io.osprey.mq.jms.destination.OspreyDestination;
import io.osprey.mq.jms.message.EncodedMessage;
import io.osprey.mq.protocol.jms.JmsHeaders;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS message producer (spec 7): sets the headers a send sets (3.4, 7.2) on the message the application passed —
 * another provider's message too — and stores it in the destination's RocketMQ topic.
 *
 * <p>Order (6.2.9, 7.3.3): every producer draws a random seed, so its messages go to one broker and queue, and a
 * send starts only once the producer's previous one has been answered: the broker appends with several threads and
 * could otherwise reorder two sends in flight. A synchronous send returns once the broker stored the message per its
 * flush mode (persistent and non-persistent alike). An asynchronous send returns at once; its
 * {@link CompletionListener} runs on the session's completion thread, after the callbacks of the sends before it
 * (7.3.8).
 */
public final class OspreyMessageProducer implements QueueSender, TopicPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(OspreyMessageProducer.class);

    private final OspreySession session;
    private final ClientConnection client;
    private final OspreyConnection connection;
    /** Null for a producer without destination, which names one on each send. */
    private final OspreyDestination destination;
    private final long seed = ThreadLocalRandom.current().nextLong();
    private volatile boolean closed;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    /** Completes when the broker answered the last send, whatever it answered. Guarded by {@code this}. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    /** Completes when the last CompletionListener returned. Guarded by {@code this}. */
    private CompletableFuture<?> lastCallback = CompletableFuture.completedFuture(null);

    OspreyMessageProducer(OspreySession session, OspreyDestination destination) {
        this.session = session;
        this.connection = session.connection();
        this.client = connection.client();
        this.destination = destination;
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(Message message) throws JMSException {
        send(ownDestination(), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(ownDestination(), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(namedDestination(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(namedDestination(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        send(ownDestination(), message, deliveryMode, priority, timeToLive, required(completionListener));
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        send(ownDestination(), message, deliveryMode, priority, timeToLive, required(completionListener));
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener completionListener)
            throws JMSException {
        send(namedDestination(destination), message, deliveryMode, priority, timeToLive,
                required(completionListener));
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        send(namedDestination(destination), message, deliveryMode, priority, timeToLive,
                required(completionListener));
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    /** The producer's own destination; a producer created without one must be given one on each send. */
    private OspreyDestination ownDestination() throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer was created without a destination: name one"
                    + " in send");
        }
        return destination;
    }

    private OspreyDestination namedDestination(Destination named) throws JMSException {
        checkOpen();
        if (destination != null) {
            throw new UnsupportedOperationException("this producer sends to " + destination
                    + ": a destination cannot be named in send");
        }
        if (named == null) {
            throw new InvalidDestinationException("the destination is null");
        }
        return OspreySession.resolve(named);
    }

    private static CompletionListener required(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("the CompletionListener is null");
        }
        return listener;
    }

    private void send(OspreyDestination target, Message message, int mode, int sendPriority, long ttl,
                      CompletionListener completion) throws JMSException {
        if (message == null) {
            throw new MessageFormatException("the message is null");
        }
        checkDeliveryMode(mode);
        checkPriority(sendPriority);
        long now = System.currentTimeMillis();
        // 3.4: the headers a send sets, on the object the application passed (7.2: a foreign message too)
        message.setJMSDestination(target);
        message.setJMSDeliveryMode(mode);
        message.setJMSPriority(sendPriority);
        message.setJMSTimestamp(disableMessageTimestamp ? 0 : now);
        message.setJMSExpiration(ttl > 0 ? now + ttl : 0);
        message.setJMSDeliveryTime(now + deliveryDelay);
        message.setJMSMessageID(disableMessageId ? null
                : JmsHeaders.MESSAGE_ID_PREFIX + connection.messageIds().next());
        EncodedMessage outgoing = WireMessages.encode(message);
        TransactionSends transaction = session.transaction();
        if (transaction != null) {
            // held until the commit: "sent" for the application now (7.3.8: the callback does not wait for it)
            transaction.add(client.placeInTransaction(target.name(), seed, outgoing.body(), outgoing.properties(),
                    transaction.brokers()));
            if (completion != null) {
                synchronized (this) {
                    chainCallback(CompletableFuture.completedFuture(null), message, completion);
                }
            }
            return;
        }
        CompletableFuture<ClientConnection.SendReceipt> sent;
        synchronized (this) {
            if (lastSend.isDone()) {
                sent = client.send(target.name(), seed, outgoing.body(), outgoing.properties());
            } else {
                // not on the thread that completes the previous send: a transport thread, and the client core may
                // block in send (it asks a NameServer for the route of a topic it does not know yet)
                sent = lastSend.thenComposeAsync(previous -> client.send(target.name(), seed, outgoing.body(),
                        outgoing.properties()), session.sendExecutor());
            }
            lastSend = sent.handle((receipt, error) -> null);
            if (completion != null) {
                chainCallback(sent, message, completion);
            }
        }
        if (completion == null) {
            await(sent, target);
        }
    }

    /** Runs the callback of an asynchronous send after the callbacks of the sends before it. Holds {@code this}. */
    private void chainCallback(CompletableFuture<ClientConnection.SendReceipt> sent, Message message,
                               CompletionListener completion) {
        CompletableFuture<Throwable> outcome = lastCallback.thenCompose(previous -> sent.handle((r, error) -> error));
        lastCallback = outcome.thenAcceptAsync(error -> complete(message, completion, error),
                session.completionExecutor());
    }

    private void complete(Message message, CompletionListener completion, Throwable error) {
        try {
            if (error == null) {
                completion.onCompletion(message);
            } else {
                completion.onException(message, JmsErrors.fromFailure(error, "sending"));
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: a CompletionListener threw", session, e);
        }
    }

    private static void await(CompletableFuture<ClientConnection.SendReceipt> sent, OspreyDestination target)
            throws JMSException {
        try {
            // bounded: the client core times every request out
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JmsErrors.fromFailure(e, "sending to " + target);
        } catch (ExecutionException e) {
            throw JmsErrors.fromFailure(e.getCause(), "sending to " + target);
        }
    }

    /** Waits for incomplete asynchronous sends and their callbacks (7.3.4: close, of producer, session, connection). */
    void awaitCompletions() {
        CompletableFuture<?> callbacks;
        synchronized (this) {
            callbacks = lastCallback;
        }
        try {
            callbacks.join();
        } catch (RuntimeException e) {
            // complete() catches what a callback throws; nothing else can fail this chain
            LOG.warn("{}: waiting for completion callbacks failed", session, e);
        }
    }

    // ---------------------------------------------------------------- settings

    private static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("invalid delivery mode " + mode + ": expected DeliveryMode.PERSISTENT (2) or"
                    + " NON_PERSISTENT (1)");
        }
    }

    private static void checkPriority(int value) throws JMSException {
        if (value < 0 || value > 9) {
            throw new JMSException("invalid priority " + value + ": expected 0 to 9");
        }
    }

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkOpen();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkOpen();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkOpen();
        disableMessageTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkOpen();
        return disableMessageTimestamp;
    }

    @Override
    public void setDeliveryMode(int value) throws JMSException {
        checkOpen();
        checkDeliveryMode(value);
        deliveryMode = value;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int value) throws JMSException {
        checkOpen();
        checkPriority(value);
        priority = value;
    }

    @Override
    public int getPriority() throws JMSException {
        checkOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long value) throws JMSException {
        checkOpen();
        timeToLive = value;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkOpen();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long value) throws JMSException {
        checkOpen();
        if (value < 0) {
            throw new JMSException("a delivery delay cannot be negative: " + value);
        }
        deliveryDelay = value;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return destination instanceof Queue queue ? queue : null;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        return destination instanceof Topic topic ? topic : null;
    }

    // ---------------------------------------------------------------- close

    /**
     * Closes the producer once its asynchronous sends completed and their callbacks returned (7.3.4); from one of
     * those callbacks it would wait for itself: {@link IllegalStateException}.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (session.isCompletionThread()) {
            throw new IllegalStateException("close() called by a CompletionListener of this session, which would"
                    + " wait for itself");
        }
        awaitCompletions();
        closed = true;
        session.forget(this);
    }

    void markClosed() {
        closed = true;
    }

    private void checkOpen() throws JMSException {
        if (closed) {
            throw new IllegalStateException("the producer is closed");
        }
        session.checkOpen();
    }

    @Override
    public String toString() {
        return "producer" + (destination == null ? "" : " of " + destination);
    }
}
