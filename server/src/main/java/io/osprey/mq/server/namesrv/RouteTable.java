package io.osprey.mq.server.namesrv;

import io.osprey.mq.protocol.body.BrokerData;
import io.osprey.mq.protocol.body.ClusterInfo;
import io.osprey.mq.protocol.body.DataVersion;
import io.osprey.mq.protocol.body.QueueData;
import io.osprey.mq.protocol.body.TopicConfigWire;
import io.osprey.mq.protocol.body.TopicRouteData;
import io.osprey.mq.protocol.transport.RemotingChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What a NameServer knows: which brokers are alive, which clusters they form, and which queues every topic has
 * on every broker name. Rebuilt from registrations only — a NameServer keeps nothing on disk and never talks
 * to another NameServer; brokers register with each of them.
 */
final class RouteTable {

    /** A broker's last registration. */
    record LiveBroker(String clusterName, String brokerName, long brokerId, String brokerAddr, String haServerAddr,
                      DataVersion dataVersion, long lastUpdateMillis, RemotingChannel channel) {
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, QueueData>> topicQueues = new HashMap<>();
    private final Map<String, BrokerData> brokers = new HashMap<>();
    private final Map<String, Set<String>> clusters = new HashMap<>();
    private final Map<String, LiveBroker> live = new HashMap<>();

    /**
     * Records a registration. Only a master's (id 0) topic table updates queue data; its table is complete,
     * so topics it no longer lists lose this broker's queues.
     *
     * @return whether this is a broker the table did not know
     */
    boolean register(LiveBroker broker, Map<String, TopicConfigWire> topics) {
        lock.writeLock().lock();
        try {
            LiveBroker known = live.get(broker.brokerAddr());
            if (known != null && known.channel() == broker.channel()
                    && known.dataVersion().counter() > broker.dataVersion().counter()) {
                // two registrations on one connection handled out of order: the older table must not win
                live.put(broker.brokerAddr(), new LiveBroker(known.clusterName(), known.brokerName(), known.brokerId(),
                        known.brokerAddr(), known.haServerAddr(), known.dataVersion(), broker.lastUpdateMillis(),
                        known.channel()));
                return false;
            }
            clusters.computeIfAbsent(broker.clusterName(), c -> new TreeSet<>()).add(broker.brokerName());
            BrokerData existing = brokers.get(broker.brokerName());
            Map<Long, String> addrs = existing == null ? new TreeMap<>() : new TreeMap<>(existing.brokerAddrs());
            addrs.entrySet().removeIf(e -> e.getValue().equals(broker.brokerAddr()) && e.getKey() != broker.brokerId());
            addrs.put(broker.brokerId(), broker.brokerAddr());
            brokers.put(broker.brokerName(), new BrokerData(broker.clusterName(), broker.brokerName(), addrs));
            LiveBroker previous = live.put(broker.brokerAddr(), broker);
            if (broker.brokerId() == 0) {
                for (TopicConfigWire topic : topics.values()) {
                    topicQueues.computeIfAbsent(topic.topicName(), t -> new HashMap<>()).put(broker.brokerName(),
                            new QueueData(broker.brokerName(), topic.readQueueNums(), topic.writeQueueNums(),
                                    topic.perm(), topic.topicSysFlag()));
                }
                topicQueues.entrySet().removeIf(entry -> {
                    if (!topics.containsKey(entry.getKey())) {
                        entry.getValue().remove(broker.brokerName());
                    }
                    return entry.getValue().isEmpty();
                });
            }
            return previous == null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Refreshes a broker's liveness without touching its topics (its data version did not change). */
    boolean touch(String brokerAddr, DataVersion version, long nowMillis, RemotingChannel channel) {
        lock.writeLock().lock();
        try {
            LiveBroker current = live.get(brokerAddr);
            if (current == null || !current.dataVersion().equals(version)) {
                return false;
            }
            live.put(brokerAddr, new LiveBroker(current.clusterName(), current.brokerName(), current.brokerId(),
                    brokerAddr, current.haServerAddr(), version, nowMillis, channel));
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes a broker found dead unless it registered again meanwhile: on another connection (a restarted broker's
     * fresh registration must not be undone by its old connection's close), or at all when
     * {@code unlessRenewed} (an expiry must not remove a broker whose registration just arrived).
     *
     * @return whether the broker was removed
     */
    boolean unregisterIfStill(LiveBroker broker, boolean unlessRenewed) {
        lock.writeLock().lock();
        try {
            LiveBroker current = live.get(broker.brokerAddr());
            if (current != null && current.channel() == broker.channel()
                    && (!unlessRenewed || current.lastUpdateMillis() == broker.lastUpdateMillis())) {
                unregister(broker.clusterName(), broker.brokerName(), broker.brokerAddr(), broker.brokerId());
                return true;
            }
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes one broker; a broker name left without brokers loses its queues, and emptied topics vanish. */
    void unregister(String clusterName, String brokerName, String brokerAddr, long brokerId) {
        lock.writeLock().lock();
        try {
            live.remove(brokerAddr);
            BrokerData data = brokers.get(brokerName);
            if (data == null) {
                return;
            }
            Map<Long, String> addrs = new TreeMap<>(data.brokerAddrs());
            addrs.remove(brokerId, brokerAddr);
            if (!addrs.isEmpty()) {
                brokers.put(brokerName, new BrokerData(data.cluster(), brokerName, addrs));
                return;
            }
            brokers.remove(brokerName);
            Set<String> names = clusters.get(clusterName == null ? data.cluster() : clusterName);
            if (names != null) {
                names.remove(brokerName);
                if (names.isEmpty()) {
                    clusters.remove(clusterName == null ? data.cluster() : clusterName);
                }
            }
            topicQueues.entrySet().removeIf(entry -> {
                entry.getValue().remove(brokerName);
                return entry.getValue().isEmpty();
            });
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Brokers that registered over {@code channel}. */
    List<LiveBroker> brokersOn(RemotingChannel channel) {
        lock.readLock().lock();
        try {
            return live.values().stream().filter(b -> b.channel() == channel).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Brokers whose last registration is older than {@code expiryMillis}. */
    List<LiveBroker> expired(long nowMillis, long expiryMillis) {
        lock.readLock().lock();
        try {
            return live.values().stream().filter(b -> nowMillis - b.lastUpdateMillis() > expiryMillis).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    Optional<LiveBroker> liveBroker(String brokerAddr) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(live.get(brokerAddr));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The route of {@code topic}, queue data sorted by broker name as clients number queues; empty if unknown. */
    Optional<TopicRouteData> route(String topic, String orderTopicConf) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topicQueues.get(topic);
            if (queues == null || queues.isEmpty()) {
                return Optional.empty();
            }
            List<QueueData> queueDatas = new ArrayList<>(queues.values());
            queueDatas.sort(Comparator.comparing(QueueData::brokerName));
            List<BrokerData> brokerDatas = new ArrayList<>();
            for (QueueData queue : queueDatas) {
                BrokerData broker = brokers.get(queue.brokerName());
                if (broker != null) {
                    brokerDatas.add(broker);
                }
            }
            if (brokerDatas.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TopicRouteData(orderTopicConf, queueDatas, brokerDatas, Map.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, Set<String>> clusterCopy = new TreeMap<>();
            clusters.forEach((name, members) -> clusterCopy.put(name, new TreeSet<>(members)));
            return new ClusterInfo(new TreeMap<>(brokers), clusterCopy);
        } finally {
            lock.readLock().unlock();
        }
    }

    Set<String> topics() {
        lock.readLock().lock();
        try {
            return new TreeSet<>(topicQueues.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics served by a broker of {@code clusterName}. */
    Set<String> topicsOfCluster(String clusterName) {
        lock.readLock().lock();
        try {
            Set<String> names = clusters.getOrDefault(clusterName, Set.of());
            Set<String> result = new TreeSet<>();
            topicQueues.forEach((topic, queues) -> {
                if (queues.keySet().stream().anyMatch(names::contains)) {
                    result.add(topic);
                }
            });
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Drops a topic from the routes (admin DELETE_TOPIC_IN_NAMESRV); brokers that still have it re-add it. */
    void deleteTopic(String topic) {
        lock.writeLock().lock();
        try {
            topicQueues.remove(topic);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
