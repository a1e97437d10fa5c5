package io.osprey.mq.server.broker.registration;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.RegisterBrokerBody;
import io.osprey.mq.protocol.body.TopicConfigWire;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.RegisterBrokerRequestHeader;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.metadata.TopicTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the broker and its full topic table with every NameServer: at start, every
 * {@code registerIntervalMillis}, and soon after any topic change (coalesced, so a burst of auto-created topics
 * costs one registration). Unregisters from all of them at shutdown, after which it registers no more: a
 * periodic or topic-change registration racing the shutdown must not advertise the stopping broker again.
 */
public final class NameServerRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final long TIMEOUT_MILLIS = 6_000;

    /** Who this broker is, as NameServers list it. */
    public record Identity(String clusterName, String brokerName, long brokerId, String brokerAddr,
                           String haServerAddr) {
    }

    private final Identity identity;
    private final List<String> nameServers;
    private final TopicTable topics;
    private final RemotingClient client;
    private final ScheduledExecutorService scheduler;
    private final long intervalMillis;
    private final AtomicBoolean registrationPending = new AtomicBoolean();
    /** Guarded by this: whether {@link #start()} ran, so there is a registration to withdraw. */
    private boolean started;
    /** Guarded by this: set by {@link #unregisterAll()}; no registration is sent after it. */
    private boolean stopped;
    /** Guarded by this: the registrations sent last, which the unregistration must not overtake. */
    private CompletableFuture<Void> lastRegistration = CompletableFuture.completedFuture(null);

    public NameServerRegistrar(Identity identity, String namesrvAddr, TopicTable topics, RemotingClient client,
                               ScheduledExecutorService scheduler, long intervalMillis) {
        this.identity = identity;
        this.nameServers = parse(namesrvAddr);
        this.topics = topics;
        this.client = client;
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
    }

    static List<String> parse(String namesrvAddr) {
        List<String> addresses = new ArrayList<>();
        for (String address : namesrvAddr.split(";")) {
            if (!address.isBlank()) {
                addresses.add(address.trim());
            }
        }
        return List.copyOf(addresses);
    }

    /** Registers now (waiting up to the timeout), then periodically. */
    public void start() {
        synchronized (this) {
            started = true;
        }
        registerAll().join();
        scheduler.scheduleWithFixedDelay(this::registerAll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Schedules a registration soon; several calls before it runs share it. */
    public void topicsChanged() {
        if (registrationPending.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                registrationPending.set(false);
                registerAll();
            });
        }
    }

    /** Registers with every NameServer; completes when all answered or failed (failures are logged). */
    public synchronized CompletableFuture<Void> registerAll() {
        if (nameServers.isEmpty() || stopped) {
            return CompletableFuture.completedFuture(null);
        }
        byte[] body = registrationBody();
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader(identity.brokerName(),
                identity.brokerAddr(), identity.clusterName(), identity.haServerAddr(), identity.brokerId(), false,
                crc32(body));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String nameServer : nameServers) {
            RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER, header.toExtFields(), body);
            all.add(client.invoke(nameServer, request, TIMEOUT_MILLIS).handle((response, failure) -> {
                if (failure != null) {
                    LOG.warn("registration with NameServer {} failed: {}", nameServer, failure.toString());
                } else if (response.code() != ResponseCode.SUCCESS) {
                    LOG.warn("NameServer {} refused registration: {} {}", nameServer,
                            ResponseCode.name(response.code()), response.remark());
                }
                return null;
            }));
        }
        lastRegistration = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        return lastRegistration;
    }

    /**
     * Unregisters from every NameServer, waiting up to the timeout, once the registrations already sent have been
     * answered (a NameServer may handle two requests of one connection in either order). Does nothing when the
     * broker never registered (its start failed before that step).
     */
    public void unregisterAll() {
        CompletableFuture<Void> inFlight;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (!started) {
                return;
            }
            inFlight = lastRegistration;
        }
        inFlight.join();
        Map<String, String> header = ExtFields.builder().put("brokerName", identity.brokerName())
                .put("brokerAddr", identity.brokerAddr()).put("clusterName", identity.clusterName())
                .put("brokerId", identity.brokerId()).build();
        List<CompletableFuture<RemotingCommand>> all = new ArrayList<>();
        for (String nameServer : nameServers) {
            all.add(client.invoke(nameServer, RemotingCommand.request(RequestCode.UNREGISTER_BROKER, header, null),
                    3_000).exceptionally(failure -> {
                        LOG.warn("unregistration from NameServer {} failed: {}", nameServer, failure.toString());
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private byte[] registrationBody() {
        TopicTable.Versioned versioned = topics.versioned();
        Map<String, TopicConfigWire> table = new LinkedHashMap<>();
        for (TopicConfig topic : versioned.topics()) {
            table.put(topic.topicName(), new TopicConfigWire(topic.topicName(), topic.readQueueNums(),
                    topic.writeQueueNums(), topic.perm(), topic.topicFilterType(), topic.topicSysFlag(),
                    topic.order()));
        }
        return JsonBodies.encode(new RegisterBrokerBody(new RegisterBrokerBody.TopicConfigSerializeWrapper(
                versioned.dataVersion(), table), List.of()));
    }

    private static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
