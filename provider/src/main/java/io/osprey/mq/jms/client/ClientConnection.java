package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.BrowseCursor;
import io.osprey.mq.protocol.dispatch.BrowseHeader;
import io.osprey.mq.protocol.dispatch.ConnectHeader;
import io.osprey.mq.protocol.dispatch.Delivery;
import io.osprey.mq.protocol.dispatch.DeliveryBatch;
import io.osprey.mq.protocol.dispatch.TemporaryDestinationHeader;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.DeliveryTags;
import io.osprey.mq.protocol.dispatch.DispatchProperties;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.protocol.dispatch.TransactionHeader;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import io.osprey.mq.protocol.dispatch.TagsHeader;
import io.osprey.mq.protocol.dispatch.UnsubscribeHeader;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.ConnectionListener;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.protocol.transport.RemotingConnectException;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One JMS connection's link to the cluster: a session on every master broker (opened with its credentials and
 * client ID), sends, consumers, acknowledgements. Thread-safe; blocking calls are bounded by the request timeout.
 */
public final class ClientConnection implements AutoCloseable {
    /** The producer group the provider's sends name (RocketMQ tools show it). */
    public static final String PRODUCER_GROUP = "OSPREY_JMS_PRODUCER";
    private static final long PING_MILLIS = 20_000;
    private static final int DEFAULT_QUEUE_NUMS = 4;

    private final String connectionId = UUID.randomUUID().toString();
    private final RemotingClient client;
    private final BrokerDirectory directory;
    private final long timeoutMillis;
    private final int prefetch;
    private final String user;
    private final List<String> brokers;
    private final ScheduledExecutorService timer;
    private final PendingAcknowledgements pendingAcks;
    private final AtomicLong consumerIds = new AtomicLong();
    private final Map<Long, ClientConsumer> consumers = new ConcurrentHashMap<>();
    private final Map<String, List<BrokerDirectory.BrokerQueues>> routes = new ConcurrentHashMap<>();
    /** This connection's temporary destinations → the broker that keeps each. */
    private final Map<String, String> temporaryHomes = new ConcurrentHashMap<>();
    private final List<Consumer<JMSException>> lossListeners = new CopyOnWriteArrayList<>();
    private final Set<String> brokerSet;
    private volatile String clientId;
    private volatile boolean closed;
    private volatile JMSException failure;

    private ClientConnection(ProviderUrl url, String user) {
        this.timeoutMillis = url.intOption("requestTimeoutMillis", 10_000);
        this.prefetch = Math.max(1, url.intOption("prefetch", 100));
        this.user = user;
        this.pendingAcks = new PendingAcknowledgements(timeoutMillis);
        this.client = new RemotingClient(ClientOptions.defaults("jms"), new HandlerTable(), new ConnectionListener() {
            @Override
            public void onClosed(RemotingChannel channel) {
                lost(channel.remoteAddress());
            }
        });
        this.directory = new BrokerDirectory(client, url.nameServers(), timeoutMillis);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osprey-jms-timer");
            t.setDaemon(true);
            return t;
        });
        this.brokers = new CopyOnWriteArrayList<>();
        this.brokerSet = ConcurrentHashMap.newKeySet();
    }

    /**
     * Opens a session on every master. Wrong credentials raise {@link jakarta.jms.JMSSecurityException}, a client
     * ID held elsewhere {@link jakarta.jms.InvalidClientIDException}.
     */
    public static ClientConnection open(ProviderUrl url, String user, String password, String clientId)
            throws JMSException {
        ClientConnection connection = new ClientConnection(url, user);
        try {
            for (BrokerDirectory.BrokerQueues master : connection.directory.masters()) {
                connection.call(master.address(), RequestCode.JMS_CONNECT,
                        new ConnectHeader(connection.connectionId, clientId, user, password).toExtFields(), null,
                        "opening the connection");
                connection.brokers.add(master.address());
                connection.brokerSet.add(master.address());
            }
            connection.clientId = clientId;
            connection.timer.scheduleWithFixedDelay(connection::ping, PING_MILLIS, PING_MILLIS,
                    TimeUnit.MILLISECONDS);
            return connection;
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public String connectionId() {
        return connectionId;
    }

    public String clientId() {
        return clientId;
    }

    public String user() {
        return user;
    }

    int prefetch() {
        return prefetch;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    RemotingClient client() {
        return client;
    }

    List<String> brokers() {
        return List.copyOf(brokers);
    }

    /** Claims a client ID on every broker (once, before the connection is used). */
    public synchronized void claimClientId(String id) throws JMSException {
        for (String broker : brokers) {
            call(broker, RequestCode.JMS_CLAIM_CLIENT_ID, new ConnectHeader(connectionId, id, null, null)
                    .toExtFields(), null, "setting the client ID");
        }
        clientId = id;
    }

    /** Told once when the connection is lost (a broker went away or forgot it). */
    public void onLoss(Consumer<JMSException> listener) {
        lossListeners.add(listener);
    }

    public boolean failed() {
        return failure != null;
    }

    // ---------------------------------------------------------------- send

    /** A send's outcome: the broker that stored it and the RocketMQ offset message ID. */
    public record SendReceipt(String broker, String offsetMsgId) {
    }

    /**
     * Stores a message in {@code topic}. Messages of one {@code producerSeed} go to the same broker and queue while
     * that broker serves, so they keep their order. Completes once the broker stored it per its flush mode.
     */
    public CompletableFuture<SendReceipt> send(String topic, long producerSeed, byte[] body,
                                               Map<String, String> properties) {
        String encoded = outgoing(properties);
        List<BrokerDirectory.BrokerQueues> targets;
        try {
            checkOpen();
            targets = routeForSend(topic);
        } catch (JMSException e) {
            return CompletableFuture.failedFuture(e);
        }
        int first = (int) Math.floorMod(producerSeed, (long) targets.size());
        return sendTo(topic, targets, first, 0, producerSeed, body, encoded);
    }

    /** The properties a send stores: the message's, and who sent it (for noLocal). */
    private String outgoing(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put(DispatchProperties.PRODUCER_CONNECTION, connectionId);
        String id = clientId;
        if (id != null) {
            all.put(DispatchProperties.PRODUCER_CLIENT_ID, id);
        }
        return MessageProperties.encode(all);
    }

    private CompletableFuture<SendReceipt> sendTo(String topic, List<BrokerDirectory.BrokerQueues> targets,
                                                  int first, int attempt, long seed, byte[] body, String properties) {
        BrokerDirectory.BrokerQueues target = targets.get((first + attempt) % targets.size());
        int queues = target.writeQueues() > 0 ? target.writeQueues() : DEFAULT_QUEUE_NUMS;
        int queueId = (int) Math.floorMod(seed >>> 8, (long) queues);
        SendMessageRequestHeader header = new SendMessageRequestHeader(PRODUCER_GROUP, topic, "TBW102",
                DEFAULT_QUEUE_NUMS, queueId, 0, System.currentTimeMillis(), 0, properties, 0, false, null, false);
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(), body);
        return client.invoke(target.address(), request, timeoutMillis).handle((response, error) -> {
            if (error == null && response.code() == ResponseCode.SUCCESS) {
                if (target.writeQueues() == 0) {
                    routes.remove(topic);
                }
                return CompletableFuture.completedFuture(new SendReceipt(target.address(),
                        response.extFields().get("msgId")));
            }
            // another master may take it when this one cannot be reached or is not serving; never after a timeout,
            // which may have stored it
            boolean elsewhere = attempt + 1 < targets.size() && (error != null
                    ? rootCause(error) instanceof RemotingConnectException
                    : response.code() == ResponseCode.SERVICE_NOT_AVAILABLE);
            if (elsewhere) {
                return sendTo(topic, targets, first, attempt + 1, seed, body, properties);
            }
            return CompletableFuture.<SendReceipt>failedFuture(error != null
                    ? JmsErrors.fromFailure(error, "sending to " + topic)
                    : JmsErrors.fromResponse(response, target.address()));
        }).thenCompose(f -> f);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        return cause;
    }

    private List<BrokerDirectory.BrokerQueues> routeForSend(String topic) throws JMSException {
        List<BrokerDirectory.BrokerQueues> cached = routes.get(topic);
        if (cached != null) {
            return cached;
        }
        List<BrokerDirectory.BrokerQueues> route = directory.route(topic);
        if (route.isEmpty()) {
            // not created yet: the masters create it on the first send, through the auto-create template
            List<BrokerDirectory.BrokerQueues> masters = new ArrayList<>();
            for (String broker : brokers) {
                masters.add(new BrokerDirectory.BrokerQueues(broker, broker, 0));
            }
            return masters;
        }
        routes.put(topic, route);
        timer.schedule(() -> routes.remove(topic, route), 30, TimeUnit.SECONDS);
        return route;
    }

    // ---------------------------------------------------------------- transactions

    /** A send of a transaction in progress and the broker that will store it at commit. */
    public record TransactionalSend(String broker, StagedSend send) {
    }

    /**
     * Places a send of a transaction: on one of {@code preferred} (brokers the transaction already uses) when it
     * serves the topic, so that a transaction touches as few brokers as it can; otherwise as {@link #send} would.
     */
    public TransactionalSend placeInTransaction(String topic, long producerSeed, byte[] body,
                                                Map<String, String> properties, Collection<String> preferred)
            throws JMSException {
        checkOpen();
        String encoded = outgoing(properties);
        List<BrokerDirectory.BrokerQueues> targets = routeForSend(topic);
        BrokerDirectory.BrokerQueues target = null;
        for (BrokerDirectory.BrokerQueues candidate : targets) {
            if (preferred.contains(candidate.address())) {
                target = candidate;
                break;
            }
        }
        if (target == null) {
            target = targets.get((int) Math.floorMod(producerSeed, (long) targets.size()));
        }
        // unknown queue count (the topic is created by the commit): the broker picks the queue
        int queueId = target.writeQueues() > 0 ? (int) Math.floorMod(producerSeed >>> 8, (long) target.writeQueues())
                : -1;
        return new TransactionalSend(target.address(), new StagedSend(topic, queueId, System.currentTimeMillis(),
                encoded, body));
    }

    /** Hands {@code broker} sends of transaction {@code transactionId} to hold until its commit. */
    public void stageOnBroker(String broker, String transactionId, List<StagedSend> sends) throws JMSException {
        checkOpen();
        call(broker, RequestCode.JMS_TX_STAGE, new TransactionHeader(connectionId, transactionId).toExtFields(),
                new TransactionWork(sends, List.of()).encode(), "staging a transaction's sends");
    }

    /**
     * Commits what transaction {@code transactionId} did on {@code broker}: the sends it staged there and
     * {@code sends} are stored and {@code consumed} acknowledged, atomically. A refusal that rolled it back raises
     * {@link jakarta.jms.TransactionRolledBackException}; any other failure leaves its outcome unknown.
     */
    public void commitOnBroker(String broker, String transactionId, List<StagedSend> sends,
                               List<DeliveryTag> consumed) throws JMSException {
        checkOpen();
        call(broker, RequestCode.JMS_TX_COMMIT, new TransactionHeader(connectionId, transactionId).toExtFields(),
                new TransactionWork(sends, consumed).encode(), "committing a transaction");
    }

    /** Drops the sends transaction {@code transactionId} staged on {@code broker}. */
    public void rollbackOnBroker(String broker, String transactionId) throws JMSException {
        checkOpen();
        call(broker, RequestCode.JMS_TX_ROLLBACK, new TransactionHeader(connectionId, transactionId).toExtFields(),
                null, "rolling a transaction back");
    }

    // ---------------------------------------------------------------- consume

    /** Opens a consumer on every master; it fetches once {@link ClientConsumer#start()} is called. */
    public ClientConsumer openConsumer(ConsumerSpec spec) throws JMSException {
        checkOpen();
        long id = consumerIds.incrementAndGet();
        ClientConsumer consumer = new ClientConsumer(this, id, spec);
        consumers.put(id, consumer);
        try {
            consumer.open();
        } catch (JMSException | RuntimeException e) {
            consumers.remove(id);
            throw e;
        }
        return consumer;
    }

    void forget(ClientConsumer consumer) {
        consumers.remove(consumer.id());
    }

    /** Acknowledges messages on the brokers they came from. */
    public void ack(Collection<ReceivedMessage> messages) throws JMSException {
        for (Map.Entry<String, List<DeliveryTag>> byBroker : byBroker(messages).entrySet()) {
            call(byBroker.getKey(), RequestCode.JMS_ACK, new TagsHeader(connectionId, true).toExtFields(),
                    DeliveryTags.encode(byBroker.getValue()), "acknowledging");
        }
    }

    /**
     * Acknowledges messages on the brokers they came from without waiting for the answers: the automatic modes'
     * acknowledgement. Later requests that settle messages wait for it (see {@link PendingAcknowledgements}).
     */
    public void ackWithoutWaiting(Collection<ReceivedMessage> messages) throws JMSException {
        for (Map.Entry<String, List<DeliveryTag>> byBroker : byBroker(messages).entrySet()) {
            String broker = byBroker.getKey();
            boolean reserved;
            try {
                reserved = pendingAcks.reserve();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw JmsErrors.fromFailure(e, "acknowledging");
            }
            RemotingCommand request = RemotingCommand.request(RequestCode.JMS_ACK,
                    new TagsHeader(connectionId, true).toExtFields(), DeliveryTags.encode(byBroker.getValue()));
            if (!reserved) {
                call(broker, RequestCode.JMS_ACK, request.extFields(), request.body(), "acknowledging");
                continue;
            }
            pendingAcks.track(broker, byBroker.getValue().size(), client.invoke(broker, request, timeoutMillis));
        }
    }

    /** Returns messages to their subscriptions: {@code delivered} when the application saw them. */
    public void giveBack(Collection<ReceivedMessage> messages, boolean delivered) throws JMSException {
        for (Map.Entry<String, List<DeliveryTag>> byBroker : byBroker(messages).entrySet()) {
            call(byBroker.getKey(), RequestCode.JMS_RETURN, new TagsHeader(connectionId, delivered).toExtFields(),
                    DeliveryTags.encode(byBroker.getValue()), "returning messages");
        }
    }

    static Map<String, List<DeliveryTag>> byBroker(Collection<ReceivedMessage> messages) {
        Map<String, List<DeliveryTag>> out = new LinkedHashMap<>();
        for (ReceivedMessage m : messages) {
            out.computeIfAbsent(m.broker(), b -> new ArrayList<>()).add(m.tag());
        }
        return out;
    }

    /** Deletes a durable subscription on every broker that has it. */
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        JMSException missing = null;
        int deleted = 0;
        for (String broker : brokers) {
            RemotingCommand response = invoke(broker, RequestCode.JMS_UNSUBSCRIBE,
                    new UnsubscribeHeader(connectionId, clientId, name).toExtFields(), null, "unsubscribing");
            if (response.code() == ResponseCode.SUCCESS) {
                deleted++;
            } else if (response.code() == ResponseCode.INVALID_DESTINATION) {
                // a broker the subscription never reached (it lives wherever its consumers opened)
                missing = JmsErrors.fromResponse(response, broker);
            } else {
                throw JmsErrors.fromResponse(response, broker);
            }
        }
        if (deleted == 0 && missing != null) {
            throw missing;
        }
    }

    // ---------------------------------------------------------------- temporary destinations, browsing

    /**
     * Creates a temporary queue or topic owned by this connection on the first master it connected to, which keeps it
     * as a topic of its own: the NameServers route sends to it there from any broker's clients. Answers its name.
     */
    public String createTemporary(boolean queue) throws JMSException {
        checkOpen();
        String home = brokers.get(0);
        RemotingCommand answer = call(home, RequestCode.JMS_CREATE_TEMPORARY,
                new TemporaryDestinationHeader(connectionId, queue, null).toExtFields(), null,
                "creating a temporary " + (queue ? "queue" : "topic"));
        String name = answer.extFields().get(TemporaryDestinationHeader.NAME);
        if (name == null) {
            throw new JMSException("broker " + home + " created a temporary destination without naming it");
        }
        temporaryHomes.put(name, home);
        return name;
    }

    /** Deletes a temporary destination of this connection; the broker refuses while a consumer is open on it. */
    public void deleteTemporary(String name) throws JMSException {
        checkOpen();
        String home = temporaryHomes.get(name);
        if (home == null) {
            throw new jakarta.jms.InvalidDestinationException("temporary destination " + name
                    + " is not one of this connection's (deleted already?)");
        }
        call(home, RequestCode.JMS_DELETE_TEMPORARY, new TemporaryDestinationHeader(connectionId, true, name)
                .toExtFields(), null, "deleting temporary destination " + name);
        temporaryHomes.remove(name);
        routes.remove(name);
    }

    /**
     * The brokers a consumer of {@code topic} opens on: a temporary destination of this connection only where it
     * lives; any other destination on every master (a temporary one of another connection is refused there).
     */
    List<String> brokersFor(String topic) {
        String home = temporaryHomes.get(topic);
        return home != null ? List.of(home) : brokers();
    }

    /** One page of a queue browse on one broker: messages in delivery order and the next page's cursor (null: done). */
    public record BrowsePage(List<ReceivedMessage> messages, BrowseCursor next) {
    }

    /** The brokers a browse of {@code queue} reads, one after the other. */
    public List<String> browseBrokers(String queue) {
        return brokersFor(queue);
    }

    /** Reads one page of {@code queue} on {@code broker} from {@code cursor} (null: the first page). */
    public BrowsePage browse(String broker, String queue, String selector, BrowseCursor cursor) throws JMSException {
        checkOpen();
        RemotingCommand answer = call(broker, RequestCode.JMS_BROWSE, new BrowseHeader(connectionId, queue, selector,
                cursor, prefetch).toExtFields(), null, "browsing " + queue);
        List<ReceivedMessage> messages = new ArrayList<>();
        for (Delivery d : DeliveryBatch.decode(answer.body())) {
            messages.add(new ReceivedMessage(broker, new DeliveryTag("browse:" + queue, d.queueId(),
                    d.queueOffset()), d.deliveryCount(), MessageRecordCodec.decode(d.record())));
        }
        String next = answer.extFields().get(BrowseHeader.NEXT_CURSOR);
        try {
            return new BrowsePage(messages, next == null ? null : BrowseCursor.decode(next));
        } catch (IllegalArgumentException e) {
            JMSException bad = new JMSException("broker " + broker + " answered a browse cursor it cannot have"
                    + " written: " + e.getMessage());
            bad.initCause(e);
            throw bad;
        }
    }

    // ---------------------------------------------------------------- requests

    /** Invokes and fails unless the answer is SUCCESS. */
    RemotingCommand call(String broker, int code, Map<String, String> header, byte[] body, String what)
            throws JMSException {
        if (code != RequestCode.JMS_ACK) {
            awaitAcknowledgements(broker, what);
        }
        RemotingCommand response = invoke(broker, code, header, body, what);
        if (response.code() != ResponseCode.SUCCESS) {
            throw JmsErrors.fromResponse(response, broker);
        }
        return response;
    }

    RemotingCommand invoke(String broker, int code, Map<String, String> header, byte[] body, String what)
            throws JMSException {
        try {
            return client.invoke(broker, RemotingCommand.request(code, header, body), timeoutMillis)
                    .get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JmsErrors.fromFailure(e, what);
        } catch (Exception e) {
            throw JmsErrors.fromFailure(e, what);
        }
    }

    private void awaitAcknowledgements(String broker, String what) throws JMSException {
        try {
            pendingAcks.awaitAnswered(broker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JmsErrors.fromFailure(e, what);
        }
    }

    private void ping() {
        for (String broker : brokers) {
            client.invoke(broker, RemotingCommand.request(RequestCode.JMS_PING,
                    ExtFields.builder().put("connectionId", connectionId).build(), null), timeoutMillis)
                    .whenComplete((response, error) -> {
                        if (error != null || response.code() != ResponseCode.SUCCESS) {
                            lost(broker);
                        }
                    });
        }
    }

    private void lost(String broker) {
        if (closed || failure != null || !brokerSet.contains(broker)) {
            return;
        }
        JMSException e = new JMSException("lost the connection to broker " + broker
                + ": its consumers' unacknowledged messages were returned to their subscriptions");
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = e;
        }
        for (ClientConsumer consumer : consumers.values()) {
            consumer.brokerLost(broker, e);
        }
        for (Consumer<JMSException> listener : lossListeners) {
            listener.accept(e);
        }
    }

    void checkOpen() throws JMSException {
        if (closed) {
            throw new jakarta.jms.IllegalStateException("the connection is closed");
        }
        JMSException lost = failure;
        if (lost != null) {
            JMSException e = new JMSException(lost.getMessage());
            e.initCause(lost);
            throw e;
        }
    }

    /** Closes every consumer (their buffered messages return) and ends the sessions on the brokers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (ClientConsumer consumer : List.copyOf(consumers.values())) {
            consumer.closeQuietly();
        }
        closed = true;
        timer.shutdownNow();
        List<CompletableFuture<RemotingCommand>> ends = new ArrayList<>();
        if (failure == null) {
            for (String broker : brokers) {
                try {
                    pendingAcks.awaitAnswered(broker);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ends.add(client.invoke(broker, RemotingCommand.request(RequestCode.JMS_DISCONNECT,
                        ExtFields.builder().put("connectionId", connectionId).build(), null), timeoutMillis));
            }
        }
        for (CompletableFuture<RemotingCommand> end : ends) {
            try {
                end.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // the broker ends the connection's session when the channel closes anyway
            }
        }
        client.close();
    }
}
