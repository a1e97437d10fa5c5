package io.osprey.mq.compat.support;

import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One or more NameServers and one Broker running inside the test JVM on 127.0.0.1 with ephemeral ports, the
 * broker's store in a test folder. {@link #start} returns once every NameServer lists the broker.
 */
public final class OspreyCluster implements AutoCloseable {
    private final List<NameServer> nameServers;
    private final Broker broker;
    private final String brokerName;
    private final Set<NameServer> closedNameServers = Collections.newSetFromMap(new IdentityHashMap<>());

    private OspreyCluster(List<NameServer> nameServers, Broker broker, String brokerName) {
        this.nameServers = nameServers;
        this.broker = broker;
        this.brokerName = brokerName;
    }

    public static Builder builder(Path storeDir) {
        return new Builder(storeDir);
    }

    /** {@code host:port;host:port} of every NameServer. */
    public String namesrvAddr() {
        return nameServers.stream().map(ns -> "127.0.0.1:" + ns.port()).collect(Collectors.joining(";"));
    }

    public String namesrvAddr(int index) {
        return "127.0.0.1:" + nameServers.get(index).port();
    }

    /** Closes one NameServer (the others and the broker keep running); {@link #close} skips it later. */
    public void closeNameServer(int index) {
        NameServer ns = nameServers.get(index);
        if (closedNameServers.add(ns)) {
            ns.close();
        }
    }

    public String brokerAddr() {
        return "127.0.0.1:" + broker.port();
    }

    public String brokerName() {
        return brokerName;
    }

    /** Pulls the broker holds by long polling right now. */
    public int heldPulls() {
        return broker.heldPulls();
    }

    public String clusterName() {
        return "DefaultCluster";
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            broker.close();
        } catch (Exception e) {
            failure = e;
        }
        for (NameServer ns : nameServers) {
            if (!closedNameServers.add(ns)) {
                continue;
            }
            try {
                ns.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits until the NameServer at {@code namesrvAddr} lists a broker at {@code brokerAddr} in its cluster info. */
    public static void awaitRegistered(String namesrvAddr, String brokerAddr, Duration atMost) {
        await("broker " + brokerAddr + " registered with " + namesrvAddr).atMost(atMost)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> clusterInfo(namesrvAddr).contains(brokerAddr));
    }

    /** Waits until the NameServer at {@code namesrvAddr} no longer lists a broker at {@code brokerAddr}. */
    public static void awaitUnregistered(String namesrvAddr, String brokerAddr, Duration atMost) {
        await("broker " + brokerAddr + " gone from " + namesrvAddr).atMost(atMost)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> !clusterInfo(namesrvAddr).contains(brokerAddr));
    }

    /** The raw GET_BROKER_CLUSTER_INFO body of a NameServer. */
    public static String clusterInfo(String namesrvAddr) throws Exception {
        try (RawConnection connection = RawConnection.open(namesrvAddr)) {
            RemotingCommand reply = connection.call(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of(), null);
            if (reply.code() != ResponseCode.SUCCESS) {
                throw new IllegalStateException("cluster info: " + reply);
            }
            return new String(reply.body(), StandardCharsets.UTF_8);
        }
    }

    public static final class Builder {
        private final Path storeDir;
        private int nameServerCount = 1;
        private final Map<String, Object> nameServerOverrides = new HashMap<>();
        private final Map<String, Object> brokerOverrides = new HashMap<>();
        private final Map<String, Object> storeOverrides = new HashMap<>();

        private Builder(Path storeDir) {
            this.storeDir = storeDir;
            storeOverrides.put("commitLogSegmentBytes", 64 * 1024 * 1024);
        }

        public Builder nameServers(int count) {
            this.nameServerCount = count;
            return this;
        }

        /** A NameServerConfig component, by name. */
        public Builder nameServer(String component, Object value) {
            nameServerOverrides.put(component, value);
            return this;
        }

        /** A BrokerConfig component, by name. */
        public Builder broker(String component, Object value) {
            brokerOverrides.put(component, value);
            return this;
        }

        /** A StoreConfig component, by name. */
        public Builder store(String component, Object value) {
            storeOverrides.put(component, value);
            return this;
        }

        public OspreyCluster start() throws Exception {
            List<NameServer> nameServers = new ArrayList<>();
            Broker broker = null;
            try {
                for (int i = 0; i < nameServerCount; i++) {
                    NameServer ns = new NameServer(ConfigRecords.with(
                            NameServerConfig.defaults().withListen("127.0.0.1", 0), nameServerOverrides));
                    nameServers.add(ns);
                    ns.start();
                }
                String namesrvAddr = nameServers.stream().map(ns -> "127.0.0.1:" + ns.port())
                        .collect(Collectors.joining(";"));
                BrokerConfig brokerConfig = ConfigRecords.with(
                        BrokerConfig.defaults().withNetwork(namesrvAddr, "127.0.0.1", 0, "127.0.0.1"),
                        brokerOverrides);
                StoreConfig storeConfig = ConfigRecords.with(StoreConfig.defaults(storeDir), storeOverrides);
                broker = new Broker(brokerConfig, storeConfig);
                broker.start();
                OspreyCluster cluster = new OspreyCluster(nameServers, broker, brokerConfig.brokerName());
                for (NameServer ns : nameServers) {
                    awaitRegistered("127.0.0.1:" + ns.port(), cluster.brokerAddr(), Duration.ofSeconds(20));
                }
                return cluster;
            } catch (Exception | Error e) {
                if (broker != null) {
                    try {
                        broker.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                for (NameServer ns : nameServers) {
                    try {
                        ns.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
    }
}
