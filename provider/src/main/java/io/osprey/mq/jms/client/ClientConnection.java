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
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.ConnectionListener;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RemotingClient;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JMS connection's link to the cluster: a session on every master broker (opened with its credentials and
 * client ID), sends, consumers, acknowledgements. Thread-safe; blocking calls are bounded by the request timeout.
 *
 * <p>The connection lives while one master does. Losing a master (its channel closes, or its ping finds the session
 * gone) detaches the consumers from it, and sends go to the masters left; what that master stored, and what its
 * consumers had fetched from it, stays there. Every {@code routeRefreshMillis} the connection re-reads the masters
 * from the NameServers and opens its session, and every consumer, on those it has none on (a restarted master, a new
 * one). Only the loss of the last master fails the connection and tells the {@link #onLoss} listeners, once.
 */
public final class ClientConnection implements AutoCloseable {
    /** The producer group the provider's sends name (RocketMQ tools show it). */
    public static final String PRODUCER_GROUP = "OSPREY_JMS_PRODUCER";
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final long PING_MILLIS = 20_000;

    private final String connectionId = UUID.randomUUID().toString();
    private final RemotingClient client;
    private final BrokerDirectory directory;
    private final long timeoutMillis;
    private final int prefetch;
    private final String user;
    /** Kept to open the session on masters that appear later. */
    private final String password;
    private final long routeRefreshMillis;
    private final MasterSessions masters;
    private final SendRouter router;
    private final ScheduledExecutorService timer;
    /** Re-reads the cluster: its own thread, as opening sessions blocks (bounded) and the timer serves fetches. */
    private final ScheduledExecutorService refresher;
    private final PendingAcknowledgements pendingAcks;
    private final AtomicLong consumerIds = new AtomicLong();
    private final Map<Long, ClientConsumer> consumers = new ConcurrentHashMap<>();
    /** This connection's temporary destinations → the broker that keeps each. */
    private final Map<String, String> temporaryHomes = new ConcurrentHashMap<>();
    /** Temporary destinations whose broker was lost: they are gone, so deleting them has nothing left to do. */
    private final Set<String> lostTemporaries = ConcurrentHashMap.newKeySet();
    private final List<Consumer<JMSException>> lossListeners = new CopyOnWriteArrayList<>();
    private volatile String clientId;
    private volatile boolean closed;
    private volatile JMSException failure;

    private ClientConnection(ProviderUrl url, String user, String password, String clientId) {
        this.timeoutMillis = url.intOption("requestTimeoutMillis", 10_000);
        this.prefetch = Math.max(1, url.intOption("prefetch", 100));
        this.routeRefreshMillis = url.positiveIntOption(ProviderUrl.ROUTE_REFRESH_MILLIS,
                ProviderUrl.DEFAULT_ROUTE_REFRESH_MILLIS);
        this.user = user;
        this.password = password;
        this.clientId = clientId;
        this.pendingAcks = new PendingAcknowledgements(timeoutMillis);
        this.client = new RemotingClient(ClientOptions.defaults("jms"), new HandlerTable(), new ConnectionListener() {
            @Override
            public void onClosed(RemotingChannel channel) {
                lost(channel, "its connection closed");
            }
        });
        this.directory = new BrokerDirectory(client, url.nameServers(), timeoutMillis);
        this.masters = new MasterSessions(client, connectionId, timeoutMillis, this::lost);
        this.router = new SendRouter(client, directory, masters, timeoutMillis);
        this.timer = daemonScheduler("osprey-jms-timer");
        this.refresher = daemonScheduler("osprey-jms-route-refresh");
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a session on every master that can be reached (one at least). Wrong credentials raise
     * {@link jakarta.jms.JMSSecurityException}, a client ID held elsewhere
     * {@link jakarta.jms.InvalidClientIDException}.
     */
    public static ClientConnection open(ProviderUrl url, String user, String password, String clientId)
            throws JMSException {
        ClientConnection connection = new ClientConnection(url, user, password, clientId);
        try {
            JMSException unreachable = null;
            for (BrokerDirectory.BrokerQueues master : connection.directory.masters()) {
                try {
                    connection.openSession(master.address());
                } catch (JMSException e) {
                    if (!JmsErrors.unreachable(e)) {
                        throw e;
                    }
                    // a master the NameServers have not dropped yet: the route refresh tries it again
                    unreachable = e;
                }
            }
            if (connection.masters.live().isEmpty()) {
                throw unreachable != null ? unreachable : new JMSException("no master could be reached");
            }
            connection.timer.scheduleWithFixedDelay(connection.masters::ping, PING_MILLIS, PING_MILLIS,
                    TimeUnit.MILLISECONDS);
            connection.refresher.scheduleWithFixedDelay(connection::refreshRoutes, connection.routeRefreshMillis,
                    connection.routeRefreshMillis, TimeUnit.MILLISECONDS);
            return connection;
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Opens this connection's session on {@code broker}. Synchronized with {@link #claimClientId}, so that a session
     * opened meanwhile carries the client ID.
     */
    private synchronized void openSession(String broker) throws JMSException {
        masters.open(broker, new ConnectHeader(connectionId, clientId, user, password));
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

    /** The masters this connection holds a session on. */
    List<String> brokers() {
        return masters.live();
    }

    /** Whether this connection holds a session on {@code broker}. */
    boolean isLive(String broker) {
        return masters.isLive(broker);
    }

    /** Claims a client ID on every broker (once, before the connection is used). */
    public synchronized void claimClientId(String id) throws JMSException {
        for (String broker : masters.live()) {
            try {
                call(broker, RequestCode.JMS_CLAIM_CLIENT_ID, new ConnectHeader(connectionId, id, null, null)
                        .toExtFields(), null, "setting the client ID");
            } catch (JMSException e) {
                if (!JmsErrors.unreachable(e)) {
                    throw e;
                }
                // that master is lost: a session opened there again carries the ID
            }
        }
        checkOpen();
        clientId = id;
    }

    /** Told once when the connection is lost (its last master went away or forgot it). */
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
            targets = router.targets(topic);
        } catch (JMSException e) {
            return CompletableFuture.failedFuture(e);
        }
        return router.send(topic, targets, producerSeed, body, encoded);
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
        List<BrokerDirectory.BrokerQueues> targets = router.targets(topic);
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

    /**
     * Acknowledges messages on the brokers they came from. Those of a lost master are left to it: it delivers them
     * again, redelivered, when it is back (a master ends a lost connection's session, returning what it held).
     */
    public void ack(Collection<ReceivedMessage> messages) throws JMSException {
        settle(messages, RequestCode.JMS_ACK, true, "acknowledging");
    }

    /**
     * Acknowledges messages on the brokers they came from without waiting for the answers: the automatic modes'
     * acknowledgement. Later requests that settle messages wait for it (see {@link PendingAcknowledgements}). Those
     * of a lost master are skipped: it returned them when it ended the session.
     */
    public void ackWithoutWaiting(Collection<ReceivedMessage> messages) throws JMSException {
        if (closed || failure != null) {
            checkOpen();
        }
        for (Map.Entry<String, List<DeliveryTag>> byBroker : byBroker(messages).entrySet()) {
            String broker = byBroker.getKey();
            if (masters.wasLost(broker)) {
                continue;
            }
            boolean reserved;
            try {
                reserved = pendingAcks.reserve();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw JmsErrors.fromFailure(e, "acknowledging");
            }
            if (!reserved) {
                // the window stayed full for the request timeout: this broker's acknowledgement waits
                settle(messages.stream().filter(m -> m.broker().equals(broker)).toList(), RequestCode.JMS_ACK,
                        true, "acknowledging");
                continue;
            }
            RemotingCommand request = RemotingCommand.request(RequestCode.JMS_ACK,
                    new TagsHeader(connectionId, true).toExtFields(), DeliveryTags.encode(byBroker.getValue()));
            pendingAcks.track(broker, byBroker.getValue().size(), client.invoke(broker, request, timeoutMillis));
        }
    }

    /**
     * Returns messages to their subscriptions: {@code delivered} when the application saw them. Those of a lost
     * master came back there already, when it ended the session.
     */
    public void giveBack(Collection<ReceivedMessage> messages, boolean delivered) throws JMSException {
        settle(messages, RequestCode.JMS_RETURN, delivered, "returning messages");
    }

    private void settle(Collection<ReceivedMessage> messages, int code, boolean flag, String what)
            throws JMSException {
        if (closed || failure != null) {
            // not skipped as a lost master's would be: nothing was settled anywhere
            checkOpen();
        }
        for (Map.Entry<String, List<DeliveryTag>> byBroker : byBroker(messages).entrySet()) {
            String broker = byBroker.getKey();
            if (masters.wasLost(broker)) {
                continue;
            }
            try {
                call(broker, code, new TagsHeader(connectionId, flag).toExtFields(),
                        DeliveryTags.encode(byBroker.getValue()), what);
            } catch (JMSException e) {
                if (!JmsErrors.unreachable(e) || failure != null) {
                    throw e;
                }
                // the channel closed under the request: the master ended the session, and keeps the messages
                LOG.debug("{} on {} skipped: {}", what, broker, e.getMessage());
            }
        }
    }

    static Map<String, List<DeliveryTag>> byBroker(Collection<ReceivedMessage> messages) {
        Map<String, List<DeliveryTag>> out = new LinkedHashMap<>();
        for (ReceivedMessage m : messages) {
            out.computeIfAbsent(m.broker(), b -> new ArrayList<>()).add(m.tag());
        }
        return out;
    }

    /** Deletes a durable subscription on every broker that has it (a lost master keeps its own). */
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        JMSException missing = null;
        int deleted = 0;
        for (String broker : masters.live()) {
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
        List<String> live = masters.live();
        if (live.isEmpty()) {
            throw new JMSException("no master is left to keep a temporary destination");
        }
        String home = live.get(0);
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
        if (home == null && lostTemporaries.remove(name)) {
            return;
        }
        if (home == null) {
            throw new InvalidDestinationException("temporary destination " + name
                    + " is not one of this connection's (deleted already?)");
        }
        call(home, RequestCode.JMS_DELETE_TEMPORARY, new TemporaryDestinationHeader(connectionId, true, name)
                .toExtFields(), null, "deleting temporary destination " + name);
        temporaryHomes.remove(name);
        router.forget(name);
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

    private void awaitAcknowledgements(String broker, String what) throws JMSException {
        try {
            pendingAcks.awaitAnswered(broker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JmsErrors.fromFailure(e, what);
        }
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

    /**
     * The session on {@code channel} is gone. Its master's consumers detach from it, or, when it was the last master,
     * the connection fails: every consumer fails and the loss listeners are told, once.
     */
    private void lost(RemotingChannel channel, String why) {
        if (closed) {
            return;
        }
        MasterSessions.LostMaster lost = masters.remove(channel);
        if (lost.loss() == MasterSessions.Loss.NONE) {
            return;
        }
        router.forgetRoutes();
        String broker = lost.broker();
        if (lost.loss() == MasterSessions.Loss.LAST) {
            JMSException e = new JMSException("lost the connection to broker " + broker + " (" + why + "), the last"
                    + " master it was connected to: its consumers' unacknowledged messages were returned to their"
                    + " subscriptions");
            failure = e;
            refresher.shutdownNow();
            for (ClientConsumer consumer : consumers.values()) {
                consumer.connectionLost(e);
            }
            for (Consumer<JMSException> listener : lossListeners) {
                listener.accept(e);
            }
            return;
        }
        LOG.warn("connection {} lost master {} ({}); it goes on with {}", connectionId, broker, why,
                masters.live());
        Set<String> gone = new HashSet<>();
        temporaryHomes.forEach((name, home) -> {
            if (home.equals(broker)) {
                gone.add(name);
            }
        });
        for (String name : gone) {
            temporaryHomes.remove(name);
            lostTemporaries.add(name);
        }
        for (ClientConsumer consumer : consumers.values()) {
            if (gone.contains(consumer.spec().topic())) {
                consumer.connectionLost(new InvalidDestinationException("temporary destination "
                        + consumer.spec().topic() + " was lost with broker " + broker + ", which kept it"));
            } else {
                consumer.detach(broker);
            }
        }
    }

    /**
     * Re-reads the masters from the NameServers: opens the session, and every consumer, on each master this
     * connection has none on (one restarted, one new), and drops the cached routes, so that sends see the change.
     */
    private void refreshRoutes() {
        if (closed || failure != null) {
            return;
        }
        router.forgetRoutes();
        List<BrokerDirectory.BrokerQueues> all;
        try {
            all = directory.masters();
        } catch (JMSException e) {
            LOG.debug("connection {}: reading the masters failed: {}", connectionId, e.getMessage());
            return;
        }
        for (BrokerDirectory.BrokerQueues master : all) {
            String broker = master.address();
            if (!masters.isLive(broker)) {
                try {
                    openSession(broker);
                    LOG.info("connection {} opened its session on master {} at {}", connectionId,
                            master.brokerName(), broker);
                } catch (JMSException e) {
                    LOG.warn("connection {} could not open its session on master {} at {}: {}", connectionId,
                            master.brokerName(), broker, e.getMessage());
                    continue;
                }
            }
            for (ClientConsumer consumer : consumers.values()) {
                if (!temporaryHomes.containsKey(consumer.spec().topic())) {
                    consumer.attach(broker);
                }
            }
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
        refresher.shutdownNow();
        for (ClientConsumer consumer : List.copyOf(consumers.values())) {
            consumer.closeQuietly();
        }
        closed = true;
        timer.shutdownNow();
        List<String> live = masters.live();
        masters.end();
        List<CompletableFuture<RemotingCommand>> ends = new ArrayList<>();
        if (failure == null) {
            for (String broker : live) {
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
