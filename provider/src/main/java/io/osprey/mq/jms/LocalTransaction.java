package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.ReceivedMessage;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.StagedSend;
import jakarta.jms.JMSException;
import jakarta.jms.TransactionRolledBackException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transaction a transacted session has in progress: its sends, held per broker until the commit (handed to the
 * broker ahead of it once they pass {@link #STAGE_BYTES}, so neither side holds a large transaction in one request),
 * and the brokers it touched. The messages it consumed are the session's unacknowledged ones, given to
 * {@link #commit}. Every commit and rollback starts the next transaction, with a new identifier.
 *
 * <p>A send the broker refuses while staging fails, and leaves the transaction able only to roll back: its commit
 * rolls back and raises {@link TransactionRolledBackException}.
 *
 * <p>On one broker a commit is atomic: the broker stores the sends and acknowledges the consumed messages in one
 * CommitLog batch. A transaction that touched several masters of a cluster is committed on each in turn, each
 * atomically; a failure part way leaves the masters committed so far committed.
 */
final class LocalTransaction implements TransactionSends {
    /** Sends held for one broker beyond which they go to the broker ahead of the commit. */
    static final long STAGE_BYTES = 4L << 20;

    private final ClientConnection client;
    private final String sessionName;
    private long sequence;
    private String id;
    private final Map<String, List<StagedSend>> held = new LinkedHashMap<>();
    private final Map<String, Long> heldBytes = new LinkedHashMap<>();
    private final Set<String> stagedOn = new LinkedHashSet<>();
    /** Why the transaction can only roll back (a send of it was lost), or null. */
    private String rollbackOnly;

    LocalTransaction(ClientConnection client, String sessionName) {
        this.client = client;
        this.sessionName = sessionName;
        next();
    }

    private void next() {
        id = client.connectionId() + "/" + sessionName + "/" + (++sequence);
        held.clear();
        heldBytes.clear();
        stagedOn.clear();
        rollbackOnly = null;
    }

    @Override
    public synchronized Set<String> brokers() {
        Set<String> brokers = new LinkedHashSet<>(held.keySet());
        brokers.addAll(stagedOn);
        return brokers;
    }

    @Override
    public synchronized void add(ClientConnection.TransactionalSend send) throws JMSException {
        held.computeIfAbsent(send.broker(), b -> new ArrayList<>()).add(send.send());
        long bytes = heldBytes.merge(send.broker(), (long) send.send().body().length
                + send.send().properties().length(), Long::sum);
        if (bytes >= STAGE_BYTES) {
            List<StagedSend> sends = held.remove(send.broker());
            heldBytes.remove(send.broker());
            stagedOn.add(send.broker());
            try {
                client.stageOnBroker(send.broker(), id, sends);
            } catch (JMSException e) {
                // these sends are lost to the transaction, so it can only roll back
                rollbackOnly = "a send of the transaction failed: " + e.getMessage();
                throw e;
            }
        }
    }

    /** Commits on every broker the transaction touched; the next transaction starts whatever the outcome. */
    synchronized void commit(List<ReceivedMessage> consumed) throws JMSException {
        if (rollbackOnly != null) {
            String reason = rollbackOnly;
            rollback();
            throw new TransactionRolledBackException("the transaction is rolled back: " + reason);
        }
        Map<String, List<DeliveryTag>> tags = new LinkedHashMap<>();
        for (ReceivedMessage m : consumed) {
            tags.computeIfAbsent(m.broker(), b -> new ArrayList<>()).add(m.tag());
        }
        Set<String> brokers = new LinkedHashSet<>(tags.keySet());
        brokers.addAll(held.keySet());
        brokers.addAll(stagedOn);
        String committing = id;
        Map<String, List<StagedSend>> sends = new LinkedHashMap<>(held);
        next();
        for (String broker : brokers) {
            client.commitOnBroker(broker, committing, sends.getOrDefault(broker, List.of()),
                    tags.getOrDefault(broker, List.of()));
        }
    }

    /** Drops the sends (on the brokers that hold some too); the caller returns the consumed messages. */
    synchronized void rollback() throws JMSException {
        String rolling = id;
        List<String> brokers = List.copyOf(stagedOn);
        next();
        JMSException failure = null;
        for (String broker : brokers) {
            try {
                client.rollbackOnBroker(broker, rolling);
            } catch (JMSException e) {
                // the broker drops them when the connection ends anyway
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
