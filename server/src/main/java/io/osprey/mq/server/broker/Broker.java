package io.osprey.mq.server.broker;

import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.ConnectionListener;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.protocol.transport.RemotingServer;
import io.osprey.mq.protocol.transport.ServerOptions;
import io.osprey.mq.protocol.transport.WhenBusy;
import io.osprey.mq.server.broker.admin.BrokerStats;
import io.osprey.mq.server.broker.admin.ClientVersions;
import io.osprey.mq.server.broker.admin.ConnectionHandlers;
import io.osprey.mq.server.broker.admin.ConsumeProgressHandlers;
import io.osprey.mq.server.broker.admin.CountingHandlers;
import io.osprey.mq.server.broker.admin.MessageQueryHandlers;
import io.osprey.mq.server.broker.admin.RuntimeInfoHandler;
import io.osprey.mq.server.broker.admin.SubscriptionGroupHandlers;
import io.osprey.mq.server.broker.admin.TopicAdminHandlers;
import io.osprey.mq.server.broker.client.ClientHandlers;
import io.osprey.mq.server.broker.client.ConsumerRegistry;
import io.osprey.mq.server.broker.client.ProducerRegistry;
import io.osprey.mq.server.broker.dispatch.DispatchHandlers;
import io.osprey.mq.server.broker.dispatch.DispatchJournal;
import io.osprey.mq.server.broker.dispatch.TransactionHandlers;
import io.osprey.mq.server.broker.dispatch.XaHandlers;
import io.osprey.mq.server.broker.dispatch.DispatchRecord;
import io.osprey.mq.server.broker.dispatch.Dispatcher;
import io.osprey.mq.server.broker.dispatch.RoutedTemporaryTopics;
import io.osprey.mq.server.broker.dispatch.JmsTopics;
import io.osprey.mq.server.broker.dispatch.Selectors;
import io.osprey.mq.server.broker.lock.ClientConfigCheckHandler;
import io.osprey.mq.server.broker.lock.QueueLockHandlers;
import io.osprey.mq.server.broker.lock.QueueLocks;
import io.osprey.mq.server.broker.offset.OffsetHandlers;
import io.osprey.mq.server.broker.pull.LongPolling;
import io.osprey.mq.server.broker.pull.PullMessageHandler;
import io.osprey.mq.server.broker.registration.NameServerRegistrar;
import io.osprey.mq.server.broker.retry.DelayOffsetHandler;
import io.osprey.mq.server.broker.retry.DelayScheduler;
import io.osprey.mq.server.broker.retry.SendBackHandler;
import io.osprey.mq.server.broker.send.DelayLevels;
import io.osprey.mq.server.broker.send.MessageRouting;
import io.osprey.mq.server.broker.send.SendAdmission;
import io.osprey.mq.server.broker.send.SendBatchMessageHandler;
import io.osprey.mq.server.broker.send.SendMessageHandler;
import io.osprey.mq.server.broker.send.StoreAcknowledgement;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.common.NamedThreads;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.metadata.ConsumerOffsetTable;
import io.osprey.mq.server.metadata.SubscriptionGroupTable;
import io.osprey.mq.server.metadata.TopicTable;
import io.osprey.mq.server.security.ConnectionAuthenticator;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.RecordTypes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker: its store, metadata, request handlers and NameServer registration, wired together.
 *
 * <p>Start-up binds the port first (the store writes the advertised {@code host:port} into every record, and a
 * configured port of 0 is only known after binding), then opens and recovers the store, then installs the
 * handlers and registers with the NameServers — clients learn of the broker only from that registration. Until
 * the handlers are in place every request is answered SERVICE_NOT_AVAILABLE, which clients retry elsewhere.
 * {@link #close()} is graceful: refuse new requests, stop accepting, unregister, answer held pulls, let in-flight
 * requests finish and the store acknowledge them, then close connections and persist offsets.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final long EXPIRY_SCAN_MILLIS = 10_000;
    private static final long DISPATCH_SNAPSHOT_MILLIS = 30_000;

    private final BrokerConfig config;
    private final StoreConfig storeConfig;
    private final Clock clock;
    private final Disk disk;
    private final HandlerTable handlers = new HandlerTable(new BrokerErrorMapper());
    private final ConsumerRegistry consumers = new ConsumerRegistry();
    private final ProducerRegistry producers = new ProducerRegistry();
    private final ClientVersions clientVersions = new ClientVersions();
    private final BrokerStats stats;
    private final ExecutorService sendExecutor;
    private final ExecutorService pullExecutor;
    private final ExecutorService adminExecutor;
    private final ExecutorService jmsExecutor;
    private final ScheduledExecutorService scheduler;
    private final RemotingServer server;
    private final StoreOpener storeOpener;
    private final ConnectionAuthenticator authenticator;
    private RemotingClient nameServerClient;
    private MessageStore store;
    private TopicTable topicTable;
    private ConsumerOffsetTable offsets;
    private SubscriptionGroupTable subscriptionGroups;
    private NameServerRegistrar registrar;
    private LongPolling longPolling;
    private DelayScheduler delayScheduler;
    private Dispatcher dispatcher;
    private RoutedTemporaryTopics temporaryTopics;
    private String brokerAddr;
    private volatile boolean closed;

    public Broker(BrokerConfig config, StoreConfig storeConfig) {
        this(config, storeConfig, Clock.systemUTC());
    }

    /** A broker whose JMS connections are admitted by {@code authenticator}. */
    public Broker(BrokerConfig config, StoreConfig storeConfig, ConnectionAuthenticator authenticator) {
        this(config, storeConfig, Clock.systemUTC(), Disk.local(), authenticator,
                (store, host, types) -> MessageStore.open(store, host, Clock.systemUTC(), Disk.local(), types));
    }

    Broker(BrokerConfig config, StoreConfig storeConfig, Clock clock) {
        this(config, storeConfig, clock, Disk.local());
    }

    /** A broker whose store and metadata are written through {@code disk} (the power-loss tests' simulated one). */
    public Broker(BrokerConfig config, StoreConfig storeConfig, Clock clock, Disk disk) {
        this(config, storeConfig, clock, disk, ConnectionAuthenticator.disabled(),
                (store, host, types) -> MessageStore.open(store, host, clock, disk, types));
    }

    /** As the public constructor, opening the store through {@code storeOpener} (tests hold or fail the open). */
    Broker(BrokerConfig config, StoreConfig storeConfig, Clock clock, StoreOpener storeOpener) {
        this(config, storeConfig, clock, Disk.local(), ConnectionAuthenticator.disabled(), storeOpener);
    }

    private Broker(BrokerConfig config, StoreConfig storeConfig, Clock clock, Disk disk,
                   ConnectionAuthenticator authenticator, StoreOpener storeOpener) {
        this.config = config;
        this.authenticator = authenticator;
        this.storeOpener = storeOpener;
        this.storeConfig = storeConfig;
        this.clock = clock;
        this.disk = disk;
        this.stats = new BrokerStats(clock, ZoneId.systemDefault());
        this.sendExecutor = NamedThreads.boundedPool("send", config.sendThreads(), 20_000);
        this.pullExecutor = NamedThreads.boundedPool("pull", config.pullThreads(), 20_000);
        this.adminExecutor = NamedThreads.boundedPool("admin", config.adminThreads(), 10_000);
        this.jmsExecutor = NamedThreads.boundedPool("jms", 2, 20_000);
        this.scheduler = NamedThreads.scheduler("broker-scheduler");
        this.server = new RemotingServer(new ServerOptions("broker", config.listenAddress(), config.listenPort(),
                config.maxFrameBytes(), config.channelIdleSeconds(), 2,
                config.inFlightLimitBytes(Runtime.getRuntime().maxMemory())), handlers, new ConnectionListener() {
                    @Override
                    public void onClosed(RemotingChannel channel) {
                        consumers.channelClosed(channel);
                        producers.channelClosed(channel);
                        Dispatcher jms = dispatcher;
                        if (jms != null) {
                            jms.channelClosed(channel);
                        }
                    }
                });
    }

    public synchronized void start() throws IOException, InterruptedException {
        handlers.refuseAll("broker " + config.brokerName() + " is starting");
        server.start();
        String host = AdvertisedHost.resolve(config.brokerIP1());
        brokerAddr = host + ':' + server.port();
        Path configDir = storeConfig.storePathRootDir().resolve("config");
        topicTable = TopicTable.open(disk, configDir, clock);
        topicTable.ensureSystemTopics();
        offsets = ConsumerOffsetTable.open(disk, configDir);
        subscriptionGroups = SubscriptionGroupTable.open(disk, configDir, clock, config.maxReconsumeTimes());
        // the dispatcher applies its records as it writes them and replays them itself at start: the store's own
        // hand-over of them has nothing to add
        store = storeOpener.open(storeConfig, new InetSocketAddress(host, server.port()),
                RecordTypes.storeOnly().with(DispatchRecord.TYPE, (offset, payload) -> { }));

        nameServerClient = new RemotingClient(ClientOptions.defaults("broker-outbound"));
        registrar = new NameServerRegistrar(new NameServerRegistrar.Identity(config.brokerClusterName(),
                config.brokerName(), config.brokerId(), brokerAddr, host + ':' + (server.port() + 1)),
                config.namesrvAddr(), topicTable, nameServerClient, scheduler, config.registerIntervalMillis());
        TopicRegistry topics = new TopicRegistry(topicTable, config.autoCreateTopicEnable(),
                config.defaultTopicQueueNums(), registrar::topicsChanged);
        longPolling = new LongPolling(store, pullExecutor, scheduler);
        store.addArrivalListener(longPolling::onArrival);
        installHandlers(topics);
        store.start();
        temporaryTopics.deleteLeftovers();
        delayScheduler.start();
        handlers.open();

        registrar.start();
        scheduler.scheduleWithFixedDelay(this::persistOffsets, config.offsetPersistIntervalMillis(),
                config.offsetPersistIntervalMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::expireClients, EXPIRY_SCAN_MILLIS, EXPIRY_SCAN_MILLIS,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::stopIfStoreFailed, 1, 1, TimeUnit.SECONDS);
        LOG.info("broker {} ({} id {}) serving at {} with {} flush, data in {}", config.brokerName(),
                config.brokerClusterName(), config.brokerId(), brokerAddr, storeConfig.flushDiskType(),
                storeConfig.storePathRootDir());
    }

    private void installHandlers(TopicRegistry topics) throws IOException {
        DelayLevels delayLevels = DelayLevels.parse(config.messageDelayLevel());
        SendAdmission admission = new SendAdmission(topics, subscriptionGroups, config.maxMessageBytes());
        StoreAcknowledgement acknowledgement = storeConfig.flushDiskType() == FlushDiskType.SYNC_FLUSH
                ? new StoreAcknowledgement(storeConfig.syncFlushTimeoutMillis()) : StoreAcknowledgement.unbounded();
        SendMessageHandler send = new SendMessageHandler(admission, new MessageRouting(delayLevels, clock), store,
                acknowledgement, config.brokerClusterName());
        // sends only add to what is in flight: beyond the budget they are refused unread, while pulls, heartbeats
        // and offsets (registered with the default) still get through and let consumers drain
        handlers.register(RequestCode.SEND_MESSAGE, CountingHandlers.puts(stats, send), sendExecutor, WhenBusy.REFUSE)
                .register(RequestCode.SEND_MESSAGE_V2, CountingHandlers.puts(stats, send), sendExecutor,
                        WhenBusy.REFUSE)
                .register(RequestCode.SEND_BATCH_MESSAGE, CountingHandlers.puts(stats, new SendBatchMessageHandler(
                        admission, store, acknowledgement, config.brokerClusterName())), sendExecutor,
                        WhenBusy.REFUSE);

        PullMessageHandler pull = new PullMessageHandler(topics, consumers, offsets, store, longPolling, pullExecutor,
                storeConfig.maxTransferBytesOnPull(), storeConfig.maxTransferCountOnPull());
        handlers.register(RequestCode.PULL_MESSAGE, CountingHandlers.gets(stats, pull), pullExecutor)
                .register(RequestCode.LITE_PULL_MESSAGE, CountingHandlers.gets(stats, pull), pullExecutor);

        ClientHandlers clients = new ClientHandlers(consumers, producers, topics, subscriptionGroups, clock);
        handlers.register(RequestCode.HEART_BEAT, clientVersions.recording(clients::heartbeat), adminExecutor)
                .register(RequestCode.UNREGISTER_CLIENT, clients::unregister, adminExecutor)
                .register(RequestCode.GET_CONSUMER_LIST_BY_GROUP, clients::consumerList, adminExecutor);

        OffsetHandlers offsetHandlers = new OffsetHandlers(offsets, store, physicalMemoryBytes());
        handlers.register(RequestCode.QUERY_CONSUMER_OFFSET, offsetHandlers::queryConsumerOffset, adminExecutor)
                .register(RequestCode.UPDATE_CONSUMER_OFFSET, offsetHandlers::updateConsumerOffset, adminExecutor)
                .register(RequestCode.GET_MAX_OFFSET, offsetHandlers::maxOffset, adminExecutor)
                .register(RequestCode.GET_MIN_OFFSET, offsetHandlers::minOffset, adminExecutor)
                .register(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, offsetHandlers::searchOffsetByTimestamp,
                        adminExecutor)
                .register(RequestCode.GET_EARLIEST_MSG_STORETIME, offsetHandlers::earliestStoreTime, adminExecutor);

        // retry, delay, locks
        handlers.register(RequestCode.CONSUMER_SEND_MSG_BACK, new SendBackHandler(topics, subscriptionGroups,
                new MessageRouting(delayLevels, clock), store, acknowledgement), sendExecutor, WhenBusy.REFUSE);
        delayScheduler = new DelayScheduler(store, topics, delayLevels, disk,
                storeConfig.storePathRootDir().resolve("config"), clock, config.offsetPersistIntervalMillis());
        store.addArrivalListener(delayScheduler::onArrival);
        QueueLockHandlers locks = new QueueLockHandlers(new QueueLocks(clock, QueueLocks.DEFAULT_EXPIRY_MILLIS),
                consumers);
        handlers.register(RequestCode.GET_ALL_DELAY_OFFSET, new DelayOffsetHandler(delayScheduler), adminExecutor)
                .register(RequestCode.LOCK_BATCH_MQ, locks::lock, adminExecutor)
                .register(RequestCode.UNLOCK_BATCH_MQ, locks::unlock, adminExecutor)
                .register(RequestCode.CHECK_CLIENT_CONFIG, new ClientConfigCheckHandler(), adminExecutor);

        // broker-managed dispatch (the JMS provider)
        temporaryTopics = new RoutedTemporaryTopics(topics, store, registrar::registerAll);
        dispatcher = new Dispatcher(store, new JmsTopics(topics, config.defaultTopicQueueNums()),
                Selectors::compile, clock, scheduler, DispatchJournal.of(store), config.jmsMaxDeliveries(),
                config.jmsDeadLetterQueue(), temporaryTopics);
        dispatcher.restore(disk, storeConfig.storePathRootDir().resolve("config")
                .resolve(Dispatcher.SNAPSHOT_FILE), DISPATCH_SNAPSHOT_MILLIS);
        store.addArrivalListener(dispatcher::onArrival);
        new DispatchHandlers(dispatcher, authenticator).register(handlers, jmsExecutor);
        TransactionHandlers transactions = new TransactionHandlers(dispatcher, admission,
                new MessageRouting(delayLevels, clock), config.brokerClusterName(), config.defaultTopicQueueNums());
        transactions.register(handlers, jmsExecutor);
        new XaHandlers(dispatcher, transactions).register(handlers, jmsExecutor);

        // admin
        scheduler.scheduleAtFixedRate(stats::sample, 1, 1, TimeUnit.SECONDS);
        TopicAdminHandlers topicAdmin = new TopicAdminHandlers(topics, offsets, store, config.brokerName());
        handlers.register(RequestCode.UPDATE_AND_CREATE_TOPIC, topicAdmin::updateAndCreateTopic, adminExecutor)
                .register(RequestCode.DELETE_TOPIC_IN_BROKER, topicAdmin::deleteTopic, adminExecutor)
                .register(RequestCode.GET_ALL_TOPIC_CONFIG, topicAdmin::allTopicConfig, adminExecutor)
                .register(RequestCode.GET_TOPIC_STATS_INFO, topicAdmin::topicStats, adminExecutor)
                .register(RequestCode.GET_TOPIC_CONFIG, topicAdmin::topicConfig, adminExecutor);
        SubscriptionGroupHandlers groupAdmin = new SubscriptionGroupHandlers(subscriptionGroups, offsets);
        handlers.register(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, groupAdmin::updateAndCreate, adminExecutor)
                .register(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, groupAdmin::all, adminExecutor)
                .register(RequestCode.DELETE_SUBSCRIPTIONGROUP, groupAdmin::delete, adminExecutor);
        ConsumeProgressHandlers progress = new ConsumeProgressHandlers(topics, consumers, offsets, store,
                config.brokerName(), () -> brokerAddr);
        handlers.register(RequestCode.GET_CONSUME_STATS, progress::consumeStats, adminExecutor)
                .register(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, progress::topicConsumedByWho, adminExecutor)
                .register(RequestCode.QUERY_TOPICS_BY_CONSUMER, progress::topicsByConsumer, adminExecutor)
                .register(RequestCode.GET_ALL_CONSUMER_OFFSET, progress::allConsumerOffsets, adminExecutor);
        ConnectionHandlers connections = new ConnectionHandlers(consumers, producers, clientVersions);
        handlers.register(RequestCode.GET_CONSUMER_CONNECTION_LIST, connections::consumerConnections, adminExecutor)
                .register(RequestCode.GET_PRODUCER_CONNECTION_LIST, connections::producerConnections, adminExecutor);
        MessageQueryHandlers messages = new MessageQueryHandlers(store);
        handlers.register(RequestCode.VIEW_MESSAGE_BY_ID, messages::viewMessageById, adminExecutor)
                .register(RequestCode.QUERY_MESSAGE, messages::queryMessage, adminExecutor);
        handlers.register(RequestCode.GET_BROKER_RUNTIME_INFO, new RuntimeInfoHandler(stats, store,
                storeConfig.storePathRootDir(), sendExecutor, pullExecutor, clock)::runtimeInfo, adminExecutor);
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** {@code host:port} as registered with the NameServers. */
    public String address() {
        return brokerAddr;
    }

    public MessageStore store() {
        return store;
    }

    TopicTable topicTable() {
        return topicTable;
    }

    /**
     * Writes the JMS dispatch snapshot now (it is also written every 30 s and at a clean stop); completes once the
     * file is durable. For tests that need one at a precise moment.
     */
    public CompletableFuture<Void> snapshotDispatch() {
        return dispatcher.snapshotNow();
    }

    /** Bytes of requests and responses held for clients right now, counted against {@code maxInFlightBytes}. */
    public long inFlightBytes() {
        return server.inFlightBytes();
    }

    /** Pulls held by long polling right now. */
    public int heldPulls() {
        return longPolling == null ? 0 : longPolling.heldCount();
    }

    private void persistOffsets() {
        try {
            offsets.persist();
        } catch (RuntimeException e) {
            LOG.error("persisting consumer offsets failed", e);
        }
    }

    /**
     * A failed write or fsync leaves the store refusing appends; the broker must not carry on as if it could still
     * accept messages, so it stops (unregistering, so clients go to other brokers) and an operator has to act.
     */
    private void stopIfStoreFailed() {
        if (store.isFailed() && !closed) {
            LOG.error("broker {} stopping: its store failed a write or fsync (see the error above); "
                    + "check the disk, then restart it", config.brokerName());
            Thread stopper = new Thread(this::close, "osprey-broker-stop");
            stopper.setDaemon(false);
            stopper.start();
        }
    }

    /** Whether the broker has stopped (closed, or after a store failure). */
    public boolean isClosed() {
        return closed;
    }

    private void expireClients() {
        long oldest = clock.millis() - config.consumerExpiryMillis();
        consumers.expire(oldest);
        producers.expire(oldest);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("broker {} stopping", config.brokerName());
        if (registrar != null) {
            registrar.unregisterAll();
        }
        handlers.refuseAll("broker " + config.brokerName() + " is stopping");
        server.stopAccepting();
        if (longPolling != null) {
            longPolling.close();
        }
        // requests already taken finish: their handlers hand appends to the store...
        NamedThreads.shutdown(sendExecutor, 5_000);
        NamedThreads.shutdown(pullExecutor, 5_000);
        NamedThreads.shutdown(adminExecutor, 5_000);
        NamedThreads.shutdown(jmsExecutor, 5_000);
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (delayScheduler != null) {
            try {
                delayScheduler.close();
            } catch (RuntimeException e) {
                // its progress is persisted periodically too; a failed last write re-delivers, never loses
                LOG.error("broker {}: the delay scheduler did not close cleanly", config.brokerName(), e);
            }
        }
        // ...and the store drains its writer, completing those appends, before the connections close, so every
        // message stored is also acknowledged
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException e) {
                // a failed store cannot close cleanly; the port and threads must be released all the same
                LOG.error("broker {}: the store did not close cleanly; the next start recovers it",
                        config.brokerName(), e);
            }
        }
        server.close();
        scheduler.shutdownNow();
        if (nameServerClient != null) {
            nameServerClient.close();
        }
        if (offsets != null) {
            persistOffsets();
        }
        LOG.info("broker {} stopped", config.brokerName());
    }
}
