package io.osprey.mq.server.broker.lock;

import io.osprey.mq.protocol.body.MessageQueue;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which client of a consumer group may consume a queue orderly (reference §8.6). A lock is granted when the
 * (group, queue) lock is free, already held by the same client (which renews it), or not renewed for
 * {@code expiryMillis}: clients renew every 20 s and stop consuming a queue whose lock is older than 30 s, so a
 * 60 s expiry lets a dead client's queues move on without two live clients ever consuming one queue at once.
 *
 * <p>Nothing is released when a connection closes: a departed client's locks simply expire, as in the stock
 * broker. Each group's table is guarded by its own monitor; groups never contend with each other.
 */
public final class QueueLocks {
    /** The stock broker's {@code rocketmq.broker.rebalance.lockMaxLiveTime} default. */
    public static final long DEFAULT_EXPIRY_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(QueueLocks.class);

    private record Holder(String clientId, long renewedMillis) {
    }

    private final Map<String, Map<MessageQueue, Holder>> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long expiryMillis;

    public QueueLocks(Clock clock, long expiryMillis) {
        if (expiryMillis <= 0) {
            throw new IllegalArgumentException("expiryMillis <= 0: " + expiryMillis);
        }
        this.clock = clock;
        this.expiryMillis = expiryMillis;
    }

    /** Locks (or renews) what it can of {@code queues} for {@code clientId}. @return the queues it now holds */
    public Set<MessageQueue> tryLock(String group, String clientId, Collection<MessageQueue> queues) {
        Map<MessageQueue, Holder> table = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        Set<MessageQueue> granted = new LinkedHashSet<>();
        synchronized (table) {
            long now = clock.millis();
            for (MessageQueue queue : queues) {
                Holder holder = table.get(queue);
                if (holder == null || holder.clientId().equals(clientId) || expired(holder, now)) {
                    if (holder != null && !holder.clientId().equals(clientId)) {
                        LOG.warn("orderly lock of {} in group {} moves from {} (not renewed for {} ms) to {}",
                                queue, group, holder.clientId(), now - holder.renewedMillis(), clientId);
                    }
                    table.put(queue, new Holder(clientId, now));
                    granted.add(queue);
                }
            }
        }
        return granted;
    }

    /** Releases those of {@code queues} that {@code clientId} holds; others' locks are left alone. */
    public void unlock(String group, String clientId, Collection<MessageQueue> queues) {
        Map<MessageQueue, Holder> table = groups.get(group);
        if (table == null) {
            return;
        }
        synchronized (table) {
            for (MessageQueue queue : queues) {
                Holder holder = table.get(queue);
                if (holder != null && holder.clientId().equals(clientId)) {
                    table.remove(queue);
                }
            }
        }
    }

    /** Whether {@code clientId} holds a live lock on {@code queue}. */
    public boolean isLockedBy(String group, MessageQueue queue, String clientId) {
        Map<MessageQueue, Holder> table = groups.get(group);
        if (table == null) {
            return false;
        }
        synchronized (table) {
            Holder holder = table.get(queue);
            return holder != null && holder.clientId().equals(clientId) && !expired(holder, clock.millis());
        }
    }

    private boolean expired(Holder holder, long now) {
        return now - holder.renewedMillis() > expiryMillis;
    }
}
