package io.osprey.mq.server.namesrv;

import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.transport.ConnectionListener;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.InFlightBudget;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RemotingServer;
import io.osprey.mq.protocol.transport.ServerOptions;
import io.osprey.mq.server.common.NamedThreads;
import io.osprey.mq.server.config.NameServerConfig;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateless route registry. Brokers register with every NameServer every 30 s; one silent for
 * {@code brokerExpiryMillis}, or whose connection closes, is removed at once. Clients ask any NameServer for a
 * topic's route. NameServers never talk to each other, so any number run side by side.
 */
public final class NameServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);

    private final NameServerConfig config;
    private final Clock clock;
    private final RouteTable routes = new RouteTable();
    private final ExecutorService workers;
    private final ScheduledExecutorService expiryScanner;
    private final RemotingServer server;

    public NameServer(NameServerConfig config) {
        this(config, Clock.systemUTC());
    }

    NameServer(NameServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.workers = NamedThreads.boundedPool("namesrv-worker", 2, 10_000);
        this.expiryScanner = NamedThreads.scheduler("namesrv-expiry");
        KvConfigTable kvConfig = new KvConfigTable();
        BrokerRegistrationHandlers registration = new BrokerRegistrationHandlers(routes, clock);
        RouteQueryHandlers queries = new RouteQueryHandlers(routes, kvConfig);
        KvConfigHandlers kv = new KvConfigHandlers(kvConfig);
        HandlerTable handlers = new HandlerTable()
                .register(RequestCode.REGISTER_BROKER, registration::register, workers)
                .register(RequestCode.UNREGISTER_BROKER, registration::unregister, workers)
                .register(RequestCode.GET_ROUTEINFO_BY_TOPIC, queries::routeInfo, workers)
                .register(RequestCode.GET_BROKER_CLUSTER_INFO, queries::clusterInfo, workers)
                .register(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, queries::allTopics, workers)
                .register(RequestCode.GET_TOPICS_BY_CLUSTER, queries::topicsByCluster, workers)
                .register(RequestCode.DELETE_TOPIC_IN_NAMESRV, queries::deleteTopic, workers)
                .register(RequestCode.PUT_KV_CONFIG, kv::put, workers)
                .register(RequestCode.GET_KV_CONFIG, kv::get, workers)
                .register(RequestCode.DELETE_KV_CONFIG, kv::delete, workers)
                .register(RequestCode.GET_KVLIST_BY_NAMESPACE, kv::list, workers);
        // a NameServer's requests are small (registrations are the largest): the default budget is plenty
        long inFlightLimit = InFlightBudget.defaultLimitBytes(Runtime.getRuntime().maxMemory());
        this.server = new RemotingServer(new ServerOptions("namesrv", config.listenAddress(), config.listenPort(),
                config.maxFrameBytes(), config.channelIdleSeconds(), 1, inFlightLimit), handlers,
                new ConnectionListener() {
                    @Override
                    public void onClosed(RemotingChannel channel) {
                        removeBrokersOn(channel);
                    }
                });
    }

    public void start() throws InterruptedException {
        server.start();
        expiryScanner.scheduleWithFixedDelay(this::expireSilentBrokers, config.brokerScanIntervalMillis(),
                config.brokerScanIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    public int port() {
        return server.port();
    }

    private void removeBrokersOn(RemotingChannel channel) {
        for (RouteTable.LiveBroker broker : routes.brokersOn(channel)) {
            if (routes.unregisterIfStill(broker, false)) {
                LOG.info("broker {} at {} removed: its connection closed", broker.brokerName(), broker.brokerAddr());
            }
        }
    }

    void expireSilentBrokers() {
        for (RouteTable.LiveBroker broker : routes.expired(clock.millis(), config.brokerExpiryMillis())) {
            if (routes.unregisterIfStill(broker, true)) {
                LOG.warn("broker {} at {} removed: no registration for {} ms", broker.brokerName(),
                        broker.brokerAddr(), config.brokerExpiryMillis());
                if (broker.channel() != null) {
                    broker.channel().close();
                }
            }
        }
    }

    /** Stops serving; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (expiryScanner.isShutdown()) {
            return;
        }
        expiryScanner.shutdownNow();
        server.close();
        NamedThreads.shutdown(workers, 2_000);
        LOG.info("NameServer stopped");
    }
}
