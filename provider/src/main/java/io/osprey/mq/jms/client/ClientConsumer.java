package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.ConsumerHeader;
import io.osprey.mq.protocol.dispatch.Delivery;
import io.osprey.mq.protocol.dispatch.DeliveryBatch;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.DeliveryTags;
import io.osprey.mq.protocol.dispatch.OpenConsumerHeader;
import io.osprey.mq.protocol.dispatch.TagsHeader;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import jakarta.jms.JMSException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on every master: keeps up to the connection's prefetch of messages fetched ahead in a buffer that
 * {@link #poll} drains. Fetches are held by the brokers until a message arrives, so an idle consumer costs one
 * request per broker and wait period. The connection detaches it from a master it lost and attaches it to masters
 * that appear; only the loss of the connection fails it.
 */
public final class ClientConsumer {
    /** How long a broker may hold a fetch. */
    static final long FETCH_WAIT_MILLIS = 15_000;
    private static final long RETRY_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ClientConsumer.class);
    private static final AtomicLong ATTACHMENTS = new AtomicLong();

    /**
     * The consumer opened on one master: the subscription's key there, and a number telling this opening from an
     * earlier one on the same address (a master restarted there), whose fetches answer late.
     */
    private record Attachment(String subscription, long number) {
    }

    private final ClientConnection connection;
    private final long id;
    private final ConsumerSpec spec;
    /** broker → the consumer there. */
    private final Map<String, Attachment> subscriptions = new ConcurrentHashMap<>();
    /** Serializes openings on brokers, so that one is never opened twice (the connection's refresh, {@link #open}). */
    private final Object attaching = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
    private final Set<Attachment> fetching = new HashSet<>();
    /** Raised by {@link #recall()}: a fetch sent before it answers messages that go back instead. */
    private long recalls;
    private volatile Runnable onAvailable = () -> { };
    private boolean started;
    private boolean closed;
    private JMSException failure;

    ClientConsumer(ClientConnection connection, long id, ConsumerSpec spec) {
        this.connection = connection;
        this.id = id;
        this.spec = spec;
    }

    long id() {
        return id;
    }

    public ConsumerSpec spec() {
        return spec;
    }

    /** Opens the consumer on every master the connection holds a session on (one at least). */
    void open() throws JMSException {
        try {
            JMSException unreachable = null;
            for (String broker : connection.brokersFor(spec.topic())) {
                try {
                    attachTo(broker);
                } catch (JMSException e) {
                    if (!JmsErrors.unreachable(e)) {
                        throw e;
                    }
                    // a master lost meanwhile: the route refresh attaches the consumer there when it is back
                    unreachable = e;
                }
            }
            if (subscriptions.isEmpty()) {
                connection.checkOpen();
                throw unreachable != null ? unreachable
                        : new JMSException("no master is left to open a consumer of " + spec.topic() + " on");
            }
        } catch (JMSException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Opens the consumer on {@code broker}, a master that appeared or came back, unless it is open there already; a
     * refusal is logged and tried again at the next route refresh.
     */
    void attach(String broker) {
        try {
            attachTo(broker);
        } catch (JMSException e) {
            LOG.warn("consumer {} of {} could not be opened on {}: {}", id, spec.topic(), broker, e.getMessage());
        }
    }

    private void attachTo(String broker) throws JMSException {
        synchronized (attaching) {
            lock.lock();
            try {
                if (closed || failure != null || subscriptions.containsKey(broker)) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            OpenConsumerHeader header = new OpenConsumerHeader(connection.connectionId(), id, spec.topic(),
                    spec.type(), spec.subscriptionName(), connection.clientId(), spec.selector(), spec.noLocal());
            RemotingCommand answer = connection.call(broker, RequestCode.JMS_OPEN_CONSUMER, header.toExtFields(),
                    null, "opening a consumer on " + spec.topic());
            Attachment attachment = new Attachment(answer.extFields().get("subscription"),
                    ATTACHMENTS.incrementAndGet());
            boolean kept;
            lock.lock();
            try {
                // a master lost while the consumer opened there is detached already: not attached again
                kept = !closed && failure == null && connection.isLive(broker);
                if (kept) {
                    subscriptions.put(broker, attachment);
                }
            } finally {
                lock.unlock();
            }
            if (kept) {
                fetchFrom(broker);
            } else if (connection.isLive(broker)) {
                closeOn(broker, List.of());
            }
        }
    }

    /**
     * The connection lost {@code broker}: the consumer no longer fetches there, and drops what it fetched from it
     * and did not hand out, which that master keeps (it ended the session, returning what the session held).
     */
    void detach(String broker) {
        lock.lock();
        try {
            Attachment gone = subscriptions.remove(broker);
            if (gone == null) {
                return;
            }
            fetching.remove(gone);
            buffer.removeIf(m -> m.broker().equals(broker));
        } finally {
            lock.unlock();
        }
    }

    /** Called (on a transport thread, must not block) whenever messages were added to the buffer. */
    public void onAvailable(Runnable listener) {
        this.onAvailable = listener == null ? () -> { } : listener;
    }

    /** Starts (or resumes) fetching. */
    public void start() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            started = true;
        } finally {
            lock.unlock();
        }
        fetchMore();
    }

    /** Stops fetching; what was fetched stays buffered. */
    public void stop() {
        lock.lock();
        try {
            started = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next buffered message, waiting up to {@code timeoutMillis} (0: do not wait; {@link Long#MAX_VALUE}: until
     * one arrives or the consumer closes). Null when none came.
     *
     * @throws JMSException when the connection to a broker was lost
     */
    public ReceivedMessage poll(long timeoutMillis) throws JMSException {
        ReceivedMessage message;
        lock.lock();
        try {
            long deadline = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE
                    : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (buffer.isEmpty() && !closed && failure == null) {
                if (deadline == Long.MAX_VALUE) {
                    arrived.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    arrived.awaitNanos(left);
                }
            }
            if (buffer.isEmpty() && failure != null && !closed) {
                throw failure;
            }
            message = buffer.pollFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
        if (message != null) {
            fetchMore();
        }
        return message;
    }

    /**
     * Stops fetching and takes every buffered message (a session recovers or rolls back and returns them). A fetch
     * still in flight is disowned: what it brings goes back to the broker as not delivered, and this consumer sends
     * its next fetch to that broker only once the broker took them back, so no message fetched before the recall
     * is handed out ahead of those the caller returns.
     */
    public List<ReceivedMessage> recall() {
        lock.lock();
        try {
            started = false;
            recalls++;
            List<ReceivedMessage> taken = new ArrayList<>(buffer);
            buffer.clear();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a message is buffered. */
    public boolean hasBuffered() {
        lock.lock();
        try {
            return !buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a thread blocked in {@link #poll} without a message (its consumer is being closed). */
    public void wakeUp() {
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int refillAt() {
        return Math.max(1, connection.prefetch() / 2);
    }

    private void fetchMore() {
        for (String broker : subscriptions.keySet()) {
            fetchFrom(broker);
        }
    }

    private void fetchFrom(String broker) {
        int room;
        long sentAfter;
        Attachment attachment;
        lock.lock();
        try {
            attachment = subscriptions.get(broker);
            if (!started || closed || failure != null || attachment == null || fetching.contains(attachment)) {
                return;
            }
            room = connection.prefetch() - buffer.size();
            // refill at half the prefetch, not at every message taken: one fetch costs a round trip and a
            // journaled delivery record, so a fetch per message would run the consumer at the broker's fsync rate
            if (room <= 0 || (!buffer.isEmpty() && room < refillAt())) {
                return;
            }
            fetching.add(attachment);
            sentAfter = recalls;
        } finally {
            lock.unlock();
        }
        ConsumerHeader header = new ConsumerHeader(connection.connectionId(), id, room, FETCH_WAIT_MILLIS);
        connection.client().invoke(broker, RemotingCommand.request(RequestCode.JMS_FETCH, header.toExtFields(),
                null), FETCH_WAIT_MILLIS + connection.timeoutMillis()).whenComplete((response, error) -> {
                    List<ReceivedMessage> received = List.of();
                    boolean retryLater = false;
                    if (error == null && response.code() == ResponseCode.SUCCESS) {
                        received = decode(broker, attachment, response.body());
                    } else {
                        retryLater = true;
                    }
                    boolean giveBack = false;
                    boolean recalled;
                    lock.lock();
                    try {
                        if (subscriptions.get(broker) != attachment) {
                            // detached meanwhile: what it got stays with the master that was lost
                            fetching.remove(attachment);
                            return;
                        }
                        recalled = sentAfter != recalls && !received.isEmpty() && !closed;
                        if (!recalled) {
                            // a recalled fetch keeps its place until the broker took its messages back
                            fetching.remove(attachment);
                        }
                        if (closed) {
                            giveBack = !received.isEmpty();
                        } else if (!received.isEmpty() && !recalled) {
                            buffer.addAll(received);
                            arrived.signalAll();
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (giveBack) {
                        giveBackAsync(broker, received);
                        return;
                    }
                    if (recalled) {
                        giveBackAsync(broker, received).whenComplete((answer, failed) -> {
                            lock.lock();
                            try {
                                fetching.remove(attachment);
                            } finally {
                                lock.unlock();
                            }
                            fetchFrom(broker);
                        });
                        return;
                    }
                    if (!received.isEmpty()) {
                        onAvailable.run();
                    }
                    if (retryLater) {
                        connection.timer().schedule(() -> fetchFrom(broker), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                    } else {
                        fetchFrom(broker);
                    }
                });
    }

    private List<ReceivedMessage> decode(String broker, Attachment attachment, byte[] body) {
        List<Delivery> deliveries = DeliveryBatch.decode(body);
        String subscription = attachment.subscription();
        List<ReceivedMessage> out = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            out.add(new ReceivedMessage(broker, new DeliveryTag(subscription, d.queueId(), d.queueOffset()),
                    d.deliveryCount(), MessageRecordCodec.decode(d.record())));
        }
        return out;
    }

    private CompletableFuture<RemotingCommand> giveBackAsync(String broker, List<ReceivedMessage> messages) {
        List<DeliveryTag> tags = new ArrayList<>();
        messages.forEach(m -> tags.add(m.tag()));
        return connection.client().invoke(broker, RemotingCommand.request(RequestCode.JMS_RETURN,
                new TagsHeader(connection.connectionId(), false).toExtFields(), DeliveryTags.encode(tags)),
                connection.timeoutMillis());
    }

    /** The connection failed: a blocked {@link #poll} and every later one throw {@code e}. */
    void connectionLost(JMSException e) {
        lock.lock();
        try {
            failure = e;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        onAvailable.run();
    }

    /**
     * Closes the consumer on every broker: what it fetched and never handed out returns to the subscription as not
     * delivered; a thread blocked in {@link #poll} returns null.
     */
    public void close() throws JMSException {
        List<ReceivedMessage> undelivered;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            started = false;
            undelivered = new ArrayList<>(buffer);
            buffer.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        connection.forget(this);
        Map<String, List<DeliveryTag>> byBroker = ClientConnection.byBroker(undelivered);
        JMSException first = null;
        for (String broker : subscriptions.keySet()) {
            List<DeliveryTag> tags = byBroker.getOrDefault(broker, List.of());
            try {
                // a lost master closed it already, with the session
                if (!connection.failed() && connection.isLive(broker)) {
                    closeOn(broker, tags);
                }
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeOn(String broker, List<DeliveryTag> undelivered) throws JMSException {
        connection.call(broker, RequestCode.JMS_CLOSE_CONSUMER, new ConsumerHeader(connection.connectionId(), id, 0, 0)
                .toExtFields(), DeliveryTags.encode(undelivered), "closing a consumer");
    }

    void closeQuietly() {
        try {
            close();
        } catch (JMSException e) {
            // closing the connection ends the broker's session, which returns the messages all the same
        }
    }
}
