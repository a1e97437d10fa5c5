package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.ClientConsumer;
import io.osprey.mq.jms.client.ConsumerSpec;
import io.osprey.mq.jms.client.ReceivedMessage;
import io.osprey.mq.jms.destination.OspreyDestination;
import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTemporaryQueue;
import io.osprey.mq.jms.destination.OspreyTemporaryTopic;
import io.osprey.mq.jms.destination.OspreyTopic;
import io.osprey.mq.jms.message.OspreyBytesMessage;
import io.osprey.mq.jms.message.OspreyMapMessage;
import io.osprey.mq.jms.message.OspreyMessage;
import io.osprey.mq.jms.message.OspreyObjectMessage;
import io.osprey.mq.jms.message.OspreyStreamMessage;
import io.osprey.mq.jms.message.OspreyTextMessage;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.selector.MessageSelector;
import io.osprey.mq.protocol.selector.SelectorSyntaxException;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import jakarta.jms.TransactionRolledBackException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS session (spec 6.2): a single thread of control that creates producers and consumers, delivers to its
 * listeners on one thread of its own, and acknowledges what its consumers consumed.
 *
 * <h2>Delivery</h2>
 * The listeners of all the session's consumers run on one thread (6.2.13), started with the first listener. The
 * client core tells a consumer when messages arrive; the session then queues one delivery round on that thread,
 * which gives each listener consumer a message in turn until none has one. Each message is handed out holding
 * {@link #deliveryLock}, which {@code stop}, {@code recover} and {@code close} take to wait for a running listener.
 *
 * <h2>Acknowledgement</h2>
 * Every message handed to the application is kept in {@link #unacknowledged} until it is settled:
 * <ul>
 *   <li>AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE: acknowledged when {@code receive} returns it, or when the listener
 *       returns; a listener that throws gets it again at once, redelivered (8.7);</li>
 *   <li>CLIENT_ACKNOWLEDGE: {@code Message.acknowledge()} acknowledges every message the session consumed, of any of
 *       its consumers (6.2.10);</li>
 *   <li>{@link #recover()} gives them back to the broker as delivered, together with everything fetched and not yet
 *       handed out, so delivery restarts from the oldest unacknowledged message, marked redelivered with its
 *       delivery count raised (6.2.11);</li>
 *   <li>SESSION_TRANSACTED: they stay until {@link #commit()} acknowledges them on the broker together with the
 *       transaction's sends (held by {@link LocalTransaction} until then), or {@link #rollback()} gives them back as
 *       {@code recover} does and drops the sends;</li>
 *   <li>close gives them back as delivered too (a transacted session's close rolls back).</li>
 * </ul>
 */
public sealed class OspreySession implements QueueSession, TopicSession permits OspreyXaSession {
    private static final Logger LOG = LoggerFactory.getLogger(OspreySession.class);

    /** Which interface created the session: a QueueSession or TopicSession refuses the other domain's methods. */
    enum Domain { ANY, QUEUE, TOPIC }

    private final OspreyConnection connection;
    private final ClientConnection client;
    private final int acknowledgeMode;
    private final Domain domain;
    private final String name;
    private final List<OspreyMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<OspreyMessageProducer> producers = new CopyOnWriteArrayList<>();
    private final List<OspreyQueueBrowser> browsers = new CopyOnWriteArrayList<>();
    /** Held while a message is handed to a listener: stop, recover and close take it to wait for that listener. */
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final AtomicBoolean deliveryScheduled = new AtomicBoolean();
    private final Object closeLock = new Object();
    /** Handed to the application, not yet acknowledged, in delivery order. Guarded by {@code this}. */
    private final List<ReceivedMessage> unacknowledged = new ArrayList<>();
    /** The transaction in progress, for a transacted session; null otherwise. */
    private final LocalTransaction transaction;
    private volatile boolean closing;
    private volatile boolean closed;
    /** Guarded by {@code this}. */
    private ExecutorService listenerExecutor;
    private volatile Thread listenerThread;
    /** Guarded by {@code this}. */
    private ExecutorService completionExecutor;
    private volatile Thread completionThread;
    /** Guarded by {@code this}. */
    private ExecutorService sendExecutor;

    OspreySession(OspreyConnection connection, int acknowledgeMode, Domain domain, String name) {
        this.connection = connection;
        this.client = connection.client();
        this.acknowledgeMode = acknowledgeMode;
        this.domain = domain;
        this.name = name;
        this.transaction = acknowledgeMode == Session.SESSION_TRANSACTED
                ? new LocalTransaction(connection.client(), name) : null;
    }

    OspreyConnection connection() {
        return connection;
    }

    // ---------------------------------------------------------------- messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkOpen();
        return new OspreyBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkOpen();
        return new OspreyMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkOpen();
        return new OspreyMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkOpen();
        return new OspreyObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkOpen();
        return new OspreyObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkOpen();
        return new OspreyStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkOpen();
        return new OspreyTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkOpen();
        return new OspreyTextMessage(text);
    }

    // ---------------------------------------------------------------- mode, transactions

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return transaction != null;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return acknowledgeMode;
    }

    /** Whether a message is acknowledged as it is handed out (AUTO_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE). */
    boolean acknowledgesOnDelivery() {
        return acknowledgeMode == Session.AUTO_ACKNOWLEDGE || acknowledgeMode == Session.DUPS_OK_ACKNOWLEDGE;
    }

    /**
     * Commits the transaction (6.2.8): its sends are stored and the messages it consumed acknowledged, atomically on
     * each broker. When the broker refused it, nothing of it took effect: the consumed messages come back
     * redelivered and {@link TransactionRolledBackException} says why. From a listener of this session it commits
     * the message being handled too. It first waits for the CompletionListeners of the transaction's asynchronous
     * sends to return, so from one of them it would wait for itself: {@link IllegalStateException} (7.3.4).
     */
    @Override
    public void commit() throws JMSException {
        checkOpen();
        if (transaction == null) {
            throw new IllegalStateException("commit() on a session that is not transacted");
        }
        checkNotCompletionThread("commit()");
        awaitAsynchronousSends();
        deliveryLock.lock();
        try {
            List<ReceivedMessage> consumed;
            synchronized (this) {
                consumed = List.copyOf(unacknowledged);
                unacknowledged.clear();
            }
            try {
                transaction.commit(consumed);
            } catch (JMSException e) {
                // what the broker still holds of it comes back redelivered, ahead of what was prefetched, as after
                // a rollback
                returnAfterFailedCommit(consumed, e);
                throw e;
            }
        } finally {
            deliveryLock.unlock();
        }
    }

    private void returnAfterFailedCommit(List<ReceivedMessage> consumed, JMSException failure) {
        if (consumed.isEmpty() || client.failed()) {
            return;
        }
        List<OspreyMessageConsumer> all = List.copyOf(consumers);
        try {
            giveBackAndRefetch(all, consumed, recallFrom(all));
        } catch (JMSException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Rolls the transaction back (6.2.8): its sends are dropped and the messages it consumed come back, redelivered,
     * with everything fetched and not yet handed out, so delivery restarts from the oldest of them. Like
     * {@link #commit()} it first waits for the CompletionListeners of the transaction's asynchronous sends, and
     * refuses to be called from one of them.
     */
    @Override
    public void rollback() throws JMSException {
        checkOpen();
        if (transaction == null) {
            throw new IllegalStateException("rollback() on a session that is not transacted");
        }
        checkNotCompletionThread("rollback()");
        awaitAsynchronousSends();
        deliveryLock.lock();
        try {
            JMSException failure = null;
            try {
                transaction.rollback();
            } catch (JMSException e) {
                failure = e;
            }
            try {
                returnEverything();
            } catch (JMSException e) {
                failure = firstOf(failure, e);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            deliveryLock.unlock();
        }
        scheduleDelivery();
    }

    /** 7.3.4: a CompletionListener must not commit, roll back or close its own session. */
    private void checkNotCompletionThread(String method) throws IllegalStateException {
        if (isCompletionThread()) {
            throw new IllegalStateException(method + " called by a CompletionListener of this session, which would"
                    + " wait for itself");
        }
    }

    /** Waits until every asynchronous send of the session completed and its CompletionListener returned (7.3.4). */
    private void awaitAsynchronousSends() {
        for (OspreyMessageProducer producer : producers) {
            producer.awaitCompletions();
        }
    }

    /** Where a transacted session's producers put their sends; null for other sessions. */
    TransactionSends transaction() {
        return transaction;
    }

    /** Takes the messages handed to the application and not yet settled (an XA association's end takes them). */
    synchronized List<ReceivedMessage> takeUnacknowledged() {
        List<ReceivedMessage> taken = List.copyOf(unacknowledged);
        unacknowledged.clear();
        return taken;
    }

    // ---------------------------------------------------------------- destinations

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkOpen();
        checkDomain(Domain.QUEUE, "createQueue");
        return new OspreyQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createTopic");
        return new OspreyTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        checkDomain(Domain.QUEUE, "createTemporaryQueue");
        return new OspreyTemporaryQueue(client.createTemporary(true), connection.temporaryOwner());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createTemporaryTopic");
        return new OspreyTemporaryTopic(client.createTemporary(false), connection.temporaryOwner());
    }

    /**
     * Our destination for {@code destination}; another provider's queue or topic is taken by its name (a client may
     * pass destinations of other providers, 3.12 and 4.2).
     */
    static OspreyDestination resolve(Destination destination) throws JMSException {
        if (destination == null) {
            throw new InvalidDestinationException("the destination is null");
        }
        if (destination instanceof OspreyDestination ours) {
            return ours;
        }
        if (destination instanceof Queue queue) {
            return new OspreyQueue(queue.getQueueName());
        }
        if (destination instanceof Topic topic) {
            return new OspreyTopic(topic.getTopicName());
        }
        throw new InvalidDestinationException("not a Queue or Topic: " + destination.getClass().getName());
    }

    /** Our topic or temporary topic for {@code topic}. */
    private static OspreyDestination resolveTopic(Topic topic) throws JMSException {
        if (topic == null) {
            throw new InvalidDestinationException("the topic is null");
        }
        OspreyDestination resolved = resolve(topic);
        if (resolved.isQueue()) {
            throw new InvalidDestinationException(resolved + " is not a topic");
        }
        return resolved;
    }

    // ---------------------------------------------------------------- producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return newProducer(destination == null ? null : resolve(destination));
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        checkDomain(Domain.QUEUE, "createSender");
        return newProducer(queue == null ? null : resolve(queue));
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        checkDomain(Domain.TOPIC, "createPublisher");
        return newProducer(topic == null ? null : resolve(topic));
    }

    private OspreyMessageProducer newProducer(OspreyDestination destination) throws JMSException {
        checkOpen();
        OspreyMessageProducer producer = new OspreyMessageProducer(this, destination);
        producers.add(producer);
        return producer;
    }

    void forget(OspreyMessageProducer producer) {
        producers.remove(producer);
    }

    // ---------------------------------------------------------------- consumers

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    /** On a queue: a competing consumer of the queue's one subscription; on a topic: a subscription of its own. */
    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        checkOpen();
        OspreyDestination target = resolve(destination);
        if (target.isQueue()) {
            // noLocal on a queue "is not specified" (the javadoc): it has no effect here
            return open(target, SubscriptionType.QUEUE, null, messageSelector, false);
        }
        return open(target, SubscriptionType.PRIVATE, null, messageSelector, noLocal);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return createReceiver(queue, null);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        checkOpen();
        checkDomain(Domain.QUEUE, "createReceiver");
        return open(resolve(queue), SubscriptionType.QUEUE, null, messageSelector, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return createSubscriber(topic, null, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal)
            throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createSubscriber");
        return open(resolveTopic(topic), SubscriptionType.PRIVATE, null, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createSharedConsumer");
        return open(resolveTopic(topic), SubscriptionType.SHARED, subscriptionName(sharedSubscriptionName),
                messageSelector, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector,
                                                   boolean noLocal) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createDurableSubscriber");
        return openDurable(topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createDurableConsumer");
        return openDurable(topic, name, messageSelector, noLocal);
    }

    private OspreyMessageConsumer openDurable(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        OspreyDestination target = resolveTopic(topic);
        String subscription = subscriptionName(name);
        if (client.clientId() == null) {
            // the javadoc of createDurableConsumer: an unshared durable subscription needs the client ID
            throw new IllegalStateException("an unshared durable subscription needs a client ID: set one on the"
                    + " connection factory or with Connection.setClientID");
        }
        return open(target, SubscriptionType.DURABLE, subscription, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createSharedDurableConsumer");
        return open(resolveTopic(topic), SubscriptionType.SHARED_DURABLE, subscriptionName(name), messageSelector,
                false);
    }

    private static String subscriptionName(String name) throws JMSException {
        if (name == null || name.isBlank()) {
            // JMSException rather than InvalidDestinationException: the javadoc names no subclass for it
            throw new JMSException("a subscription name must not be null or blank");
        }
        return name;
    }

    /**
     * Checks the selector here (InvalidSelectorException at creation, 3.8.1.1) and opens the consumer at the
     * brokers, which evaluate it.
     */
    private OspreyMessageConsumer open(OspreyDestination destination, SubscriptionType type, String subscription,
                                       String messageSelector, boolean noLocal) throws JMSException {
        String selector = checkSelector(messageSelector);
        ClientConsumer clientConsumer = client.openConsumer(new ConsumerSpec(destination.name(), type, subscription,
                selector, noLocal));
        OspreyMessageConsumer consumer = new OspreyMessageConsumer(this, connection, clientConsumer, destination,
                selector, noLocal);
        consumers.add(consumer);
        clientConsumer.onAvailable(consumer::onAvailable);
        if (connection.isStarted()) {
            clientConsumer.start();
        }
        return consumer;
    }

    /** The selector to give the broker: null for none (null or blank, 3.8.1.1). */
    static String checkSelector(String selector) throws InvalidSelectorException {
        try {
            MessageSelector parsed = MessageSelector.parse(selector);
            return parsed == MessageSelector.ALL ? null : selector;
        } catch (SelectorSyntaxException e) {
            InvalidSelectorException invalid = new InvalidSelectorException(e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }

    void forget(OspreyMessageConsumer consumer) {
        consumers.remove(consumer);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "unsubscribe");
        if (name == null || name.isBlank()) {
            throw new InvalidDestinationException("a subscription name must not be null or blank");
        }
        // the broker refuses while the subscription has an active consumer or unacknowledged messages
        client.unsubscribe(name);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkOpen();
        checkDomain(Domain.QUEUE, "createBrowser");
        if (queue == null) {
            throw new InvalidDestinationException("the queue is null");
        }
        OspreyDestination target = resolve(queue);
        if (!target.isQueue()) {
            throw new InvalidDestinationException(target + " is not a queue: only a queue can be browsed");
        }
        OspreyQueueBrowser browser = new OspreyQueueBrowser(this, queue, target.name(), messageSelector,
                checkSelector(messageSelector));
        browsers.add(browser);
        return browser;
    }

    void forget(OspreyQueueBrowser browser) {
        browsers.remove(browser);
    }

    // ---------------------------------------------------------------- delivery

    /** The session's thread of delivery exists from the first listener on. */
    void startDeliveryThread() {
        synchronized (this) {
            if (listenerExecutor == null && !closing) {
                listenerExecutor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    listenerThread = t;
                    return t;
                });
            }
        }
    }

    /** Queues a delivery round on the session's thread unless one is queued already. Never blocks. */
    void scheduleDelivery() {
        ExecutorService executor;
        synchronized (this) {
            executor = listenerExecutor;
        }
        if (executor == null || closing || !deliveryScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::deliverRound);
        } catch (RejectedExecutionException e) {
            // only once close shut the executor down: there is nothing left to deliver to
            deliveryScheduled.set(false);
        }
    }

    /** On the session's thread: each listener consumer gets one message in turn until none has any. */
    private void deliverRound() {
        // reset first: an arrival from now on queues another round
        deliveryScheduled.set(false);
        boolean delivered = true;
        while (delivered && !closing) {
            delivered = false;
            for (OspreyMessageConsumer consumer : consumers) {
                deliveryLock.lock();
                try {
                    if (closing) {
                        return;
                    }
                    delivered |= consumer.deliverNextToListener();
                } catch (JMSException e) {
                    if (!client.failed()) {
                        // a lost connection is told to the ExceptionListener once, by the connection
                        connection.tellExceptionListener(e);
                    }
                    return;
                } catch (RuntimeException e) {
                    JMSException failure = new JMSException(name + ": delivering to a MessageListener failed: " + e);
                    failure.initCause(e);
                    connection.tellExceptionListener(failure);
                    return;
                } finally {
                    deliveryLock.unlock();
                }
            }
        }
    }

    /**
     * Hands {@code received}, of {@code consumer}, to {@code listener} and settles it per the acknowledge mode
     * (6.2.10, 8.7). A listener that throws under the automatic modes gets the message again, redelivered, before
     * anything the consumer fetched after it; under CLIENT_ACKNOWLEDGE and in a transaction the message stays
     * unacknowledged and the next one is delivered.
     */
    void deliverToListener(OspreyMessageConsumer consumer, ReceivedMessage received, MessageListener listener)
            throws JMSException {
        Message message = toMessage(received, consumer.destination());
        synchronized (this) {
            unacknowledged.add(received);
        }
        try {
            listener.onMessage(message);
        } catch (RuntimeException e) {
            LOG.warn("{}: a MessageListener threw on message {}", name, received.tag(), e);
            if (acknowledgesOnDelivery() && settle(received)) {
                List<OspreyMessageConsumer> recalled = List.of(consumer);
                giveBackAndRefetch(recalled, List.of(received), recallFrom(recalled));
            }
            return;
        }
        if (acknowledgesOnDelivery() && settle(received)) {
            client.ackWithoutWaiting(List.of(received));
        }
    }

    /**
     * Hands {@code received} to a {@code receive} call, acknowledged before it returns under the automatic modes.
     * Null when the session is closing: the message goes back, never delivered.
     */
    Message deliverToReceiver(ReceivedMessage received, OspreyDestination consumedFrom) throws JMSException {
        OspreyMessage message = toMessage(received, consumedFrom);
        return handOutToReceiver(received) ? message : null;
    }

    /**
     * What {@code JMSConsumer.receiveBody} hands out: the body of a Text, Object, Map or Bytes message assignable to
     * {@code type}. Any other message fails with MessageFormatException and, under the automatic modes, is kept by
     * {@code consumer} to be handed out again first, not as a redelivery; under CLIENT_ACKNOWLEDGE it counts as
     * delivered (the javadoc of {@code receiveBody}). Null also when the session is closing.
     */
    <T> T deliverBodyToReceiver(OspreyMessageConsumer consumer, ReceivedMessage received, Class<T> type)
            throws JMSException {
        OspreyMessage message = toMessage(received, consumer.destination());
        boolean bodyType = message instanceof TextMessage || message instanceof ObjectMessage
                || message instanceof MapMessage || message instanceof BytesMessage;
        boolean assignable = bodyType && bodyAssignable(message, type);
        if (!assignable && acknowledgesOnDelivery()) {
            consumer.keepForNextReceive(received);
            throw new MessageFormatException(bodyProblem(message, bodyType, type));
        }
        if (!handOutToReceiver(received)) {
            return null;
        }
        if (!assignable) {
            throw new MessageFormatException(bodyProblem(message, bodyType, type));
        }
        return message.getBody(type);
    }

    /** False also for a body that cannot be read (a malformed map body): it is a message receiveBody cannot take. */
    private static boolean bodyAssignable(Message message, Class<?> type) throws JMSException {
        try {
            return message.isBodyAssignableTo(type);
        } catch (MessageFormatException unreadable) {
            return false;
        }
    }

    private static String bodyProblem(Message message, boolean bodyType, Class<?> type) {
        return bodyType ? "the body of " + message + " cannot be assigned to " + type.getName()
                : "receiveBody takes Text, Object, Map and Bytes messages, not " + message;
    }

    /** Counts a message as handed to the application; false when the session closes and it went back instead. */
    private boolean handOutToReceiver(ReceivedMessage received) throws JMSException {
        boolean handedOut;
        synchronized (this) {
            // under the lock close takes the unacknowledged ones with: a message is either among them or back
            handedOut = !closing;
            if (handedOut) {
                unacknowledged.add(received);
            }
        }
        if (!handedOut) {
            client.giveBack(List.of(received), false);
            return false;
        }
        if (acknowledgesOnDelivery() && settle(received)) {
            client.ackWithoutWaiting(List.of(received));
        }
        return true;
    }

    /** Takes {@code received} out of the unacknowledged ones; false when recover or close took it already. */
    private synchronized boolean settle(ReceivedMessage received) {
        return unacknowledged.remove(received);
    }

    /**
     * The JMS message for a delivery, with JMSRedelivered and JMSXDeliveryCount from the broker's count. One the
     * provider cannot read goes back as delivered (its count rises) and fails the delivery.
     */
    private OspreyMessage toMessage(ReceivedMessage received, OspreyDestination consumedFrom) throws JMSException {
        try {
            return WireMessages.decode(received, this, consumedFrom);
        } catch (JMSException | RuntimeException e) {
            client.giveBack(List.of(received), true);
            JMSException failure = e instanceof JMSException jms ? jms
                    : new MessageFormatException("cannot read message " + received.tag() + ": " + e);
            if (failure != e) {
                failure.initCause(e);
            }
            throw failure;
        }
    }

    /**
     * What {@code Message.acknowledge()} does (6.2.10): under CLIENT_ACKNOWLEDGE every message the session consumed
     * is acknowledged; under the automatic modes nothing is left to do.
     */
    void acknowledge() throws JMSException {
        if (closed || closing) {
            throw new IllegalStateException("acknowledge() on a message of a closed session");
        }
        if (acknowledgeMode != Session.CLIENT_ACKNOWLEDGE) {
            return;
        }
        List<ReceivedMessage> consumed;
        synchronized (this) {
            consumed = List.copyOf(unacknowledged);
            unacknowledged.clear();
        }
        if (consumed.isEmpty()) {
            return;
        }
        try {
            client.ack(consumed);
        } catch (JMSException e) {
            synchronized (this) {
                // still held by the broker: recover or close returns them
                unacknowledged.addAll(0, consumed);
            }
            throw e;
        }
    }

    /**
     * Restarts delivery from the oldest unacknowledged message (6.2.11): what was delivered goes back to the broker
     * as delivered (redelivered, count raised), what was fetched and not handed out as not delivered, and the
     * broker hands out returned messages oldest first. From a listener of this session the current message is
     * among those returned, and is not acknowledged when the listener returns.
     */
    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (transaction != null) {
            throw new IllegalStateException("recover() on a transacted session: use rollback()");
        }
        deliveryLock.lock();
        try {
            returnEverything();
        } finally {
            deliveryLock.unlock();
        }
        scheduleDelivery();
    }

    /**
     * What recover and rollback give back, holding {@link #deliveryLock}: the delivered messages as delivered, what
     * was fetched and not handed out as not delivered; then the consumers fetch again.
     */
    private void returnEverything() throws JMSException {
        List<OspreyMessageConsumer> all = List.copyOf(consumers);
        List<ReceivedMessage> undelivered = recallFrom(all);
        List<ReceivedMessage> delivered;
        synchronized (this) {
            delivered = List.copyOf(unacknowledged);
            unacknowledged.clear();
        }
        giveBackAndRefetch(all, delivered, undelivered);
    }

    /** Stops the consumers' fetching and takes what they fetched and did not hand out, including what is on its way. */
    private static List<ReceivedMessage> recallFrom(List<OspreyMessageConsumer> recalled) {
        List<ReceivedMessage> undelivered = new ArrayList<>();
        for (OspreyMessageConsumer consumer : recalled) {
            undelivered.addAll(consumer.recall());
        }
        return undelivered;
    }

    /**
     * Returns {@code delivered} as delivered and {@code undelivered} as not, then lets the recalled consumers fetch
     * again: the broker hands the returned messages out before later ones, redelivered first, each in store order.
     */
    private void giveBackAndRefetch(List<OspreyMessageConsumer> recalled, List<ReceivedMessage> delivered,
                                    List<ReceivedMessage> undelivered) throws JMSException {
        try {
            if (!delivered.isEmpty()) {
                client.giveBack(delivered, true);
            }
            if (!undelivered.isEmpty()) {
                client.giveBack(undelivered, false);
            }
        } finally {
            if (connection.isStarted()) {
                for (OspreyMessageConsumer consumer : recalled) {
                    consumer.client().start();
                }
            }
        }
    }

    /** Connection start: consumers fetch again and listeners get what is buffered. */
    void resumeDelivery() {
        for (OspreyMessageConsumer consumer : consumers) {
            consumer.client().start();
        }
        scheduleDelivery();
    }

    /** Connection stop: no more fetching, and the running listener is waited for. */
    void pauseDelivery() {
        for (OspreyMessageConsumer consumer : consumers) {
            consumer.client().stop();
        }
        awaitRunningListener();
    }

    /** Returns once no listener of this session runs, unless called by that listener itself. */
    void awaitRunningListener() {
        if (!isListenerThread()) {
            deliveryLock.lock();
            deliveryLock.unlock();
        }
    }

    boolean isListenerThread() {
        return Thread.currentThread() == listenerThread;
    }

    boolean isCompletionThread() {
        return Thread.currentThread() == completionThread;
    }

    /** The thread that issues a producer's send queued behind an asynchronous one still in flight. */
    ExecutorService sendExecutor() {
        synchronized (this) {
            if (sendExecutor == null) {
                sendExecutor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name + "-send");
                    t.setDaemon(true);
                    return t;
                });
            }
            return sendExecutor;
        }
    }

    /** The thread CompletionListener callbacks of this session run on, one at a time (7.3.8). */
    ExecutorService completionExecutor() {
        synchronized (this) {
            if (completionExecutor == null) {
                completionExecutor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name + "-completion");
                    t.setDaemon(true);
                    completionThread = t;
                    return t;
                });
            }
            return completionExecutor;
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Closes the session: blocked receives return null, the running listener and incomplete asynchronous sends are
     * waited for, unacknowledged messages go back as delivered, consumers close (what they fetched goes back as not
     * delivered). From a listener or completion callback of this session it would wait for itself:
     * {@link IllegalStateException}, one of the two behaviours the javadoc allows.
     */
    @Override
    public void close() throws JMSException {
        close(false);
    }

    /** The connection closes: ending its broker sessions returns what this one holds, so no give-back here. */
    void closeWithConnection() throws JMSException {
        close(true);
    }

    private void close(boolean withConnection) throws JMSException {
        if (closed) {
            return;
        }
        if (isListenerThread() || isCompletionThread()) {
            throw new IllegalStateException("close() called by a MessageListener or CompletionListener of this"
                    + " session, which would wait for itself");
        }
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closing = true;
            connection.wakeWaiters();
            JMSException failure = null;
            for (OspreyMessageConsumer consumer : consumers) {
                try {
                    consumer.closeWithSession();
                } catch (JMSException e) {
                    failure = firstOf(failure, e);
                }
            }
            browsers.forEach(OspreyQueueBrowser::closeWithSession);
            awaitRunningListener();
            awaitAsynchronousSends();
            List<ReceivedMessage> held;
            ExecutorService listeners;
            ExecutorService completions;
            ExecutorService sends;
            synchronized (this) {
                held = List.copyOf(unacknowledged);
                unacknowledged.clear();
                closed = true;
                listeners = listenerExecutor;
                completions = completionExecutor;
                sends = sendExecutor;
            }
            if (!withConnection && !held.isEmpty() && !client.failed()) {
                try {
                    client.giveBack(held, true);
                } catch (JMSException e) {
                    failure = firstOf(failure, e);
                }
            }
            if (!withConnection && transaction != null && !client.failed()) {
                // 6.2.8: closing a transacted session rolls its transaction back
                try {
                    transaction.rollback();
                } catch (JMSException e) {
                    failure = firstOf(failure, e);
                }
            }
            if (listeners != null) {
                listeners.shutdown();
            }
            if (completions != null) {
                completions.shutdown();
            }
            if (sends != null) {
                sends.shutdown();
            }
            consumers.clear();
            producers.forEach(OspreyMessageProducer::markClosed);
            producers.clear();
            connection.forget(this);
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static JMSException firstOf(JMSException first, JMSException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    boolean isClosing() {
        return closing;
    }

    void checkOpen() throws JMSException {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
    }

    private void checkDomain(Domain needed, String method) throws JMSException {
        if (domain != Domain.ANY && domain != needed) {
            throw new IllegalStateException(method + " is not allowed on a " + (domain == Domain.QUEUE
                    ? "QueueSession" : "TopicSession"));
        }
    }

    // ---------------------------------------------------------------- optional facilities

    /** The session's distinguished listener belongs to application-server facilities Osprey does not offer. */
    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        throw new JMSException("a session's distinguished MessageListener (for ServerSessionPool) is an optional"
                + " facility Osprey's provider does not offer; set the listener on a MessageConsumer");
    }

    @Override
    public void run() {
        throw new JMSRuntimeException("Session.run() belongs to the optional ServerSession facility, which Osprey's"
                + " provider does not offer");
    }

    @Override
    public String toString() {
        return name;
    }
}
