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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer on every master: keeps up to the connection's prefetch of messages fetched ahead in a buffer that
 * {@link #poll} drains. Fetches are held by the brokers until a message arrives, so an idle consumer costs one
 * request per broker and wait period.
 */
public final class ClientConsumer {
    /** How long a broker may hold a fetch. */
    static final long FETCH_WAIT_MILLIS = 15_000;
    private static final long RETRY_MILLIS = 500;

    private final ClientConnection connection;
    private final long id;
    private final ConsumerSpec spec;
    /** broker → subscription key there. */
    private final Map<String, String> subscriptions = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
    private final Set<String> fetching = new HashSet<>();
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

    void open() throws JMSException {
        OpenConsumerHeader header = new OpenConsumerHeader(connection.connectionId(), id, spec.topic(), spec.type(),
                spec.subscriptionName(), connection.clientId(), spec.selector(), spec.noLocal());
        try {
            for (String broker : connection.brokersFor(spec.topic())) {
                RemotingCommand answer = connection.call(broker, RequestCode.JMS_OPEN_CONSUMER,
                        header.toExtFields(), null, "opening a consumer on " + spec.topic());
                subscriptions.put(broker, answer.extFields().get("subscription"));
            }
        } catch (JMSException | RuntimeException e) {
            closeQuietly();
            throw e;
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
        lock.lock();
        try {
            if (!started || closed || failure != null || fetching.contains(broker)) {
                return;
            }
            room = connection.prefetch() - buffer.size();
            // refill at half the prefetch, not at every message taken: one fetch costs a round trip and a
            // journaled delivery record, so a fetch per message would run the consumer at the broker's fsync rate
            if (room <= 0 || (!buffer.isEmpty() && room < refillAt())) {
                return;
            }
            fetching.add(broker);
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
                        received = decode(broker, response.body());
                    } else {
                        retryLater = true;
                    }
                    boolean giveBack = false;
                    boolean recalled = false;
                    lock.lock();
                    try {
                        recalled = sentAfter != recalls && !received.isEmpty() && !closed;
                        if (!recalled) {
                            // a recalled fetch keeps its place until the broker took its messages back
                            fetching.remove(broker);
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
                                fetching.remove(broker);
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

    private List<ReceivedMessage> decode(String broker, byte[] body) {
        List<Delivery> deliveries = DeliveryBatch.decode(body);
        String subscription = subscriptions.get(broker);
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

    void brokerLost(String broker, JMSException e) {
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
                if (!connection.failed()) {
                    connection.call(broker, RequestCode.JMS_CLOSE_CONSUMER, new ConsumerHeader(
                            connection.connectionId(), id, 0, 0).toExtFields(), DeliveryTags.encode(tags),
                            "closing a consumer");
                }
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    void closeQuietly() {
        try {
            close();
        } catch (JMSException e) {
            // closing the connection ends the broker's session, which returns the messages all the same
        }
    }
}
