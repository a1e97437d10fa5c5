package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.ConnectHeader;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.protocol.transport.RemotingConnectException;
import jakarta.jms.JMSException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The masters a connection holds a JMS session on, each with the channel it opened the session on. A broker ends a
 * connection's session when that channel closes, so the session lives exactly as long as the channel: the close of
 * that channel (or a ping the broker no longer knows) loses that one master, and only the loss of the last one ends
 * the connection. Thread-safe; once the last master is lost, or {@link #end()} was called, nothing changes any more.
 */
final class MasterSessions {
    /** Told of a lost session: its channel and why; on a transport thread, must not block. */
    private final BiConsumer<RemotingChannel, String> onLost;
    private final RemotingClient client;
    private final String connectionId;
    private final long timeoutMillis;
    /** What a loss changed. */
    enum Loss {
        /** Nothing: the channel was not a live session's (an older one, a NameServer's), or the sessions ended. */
        NONE,
        /** One master is gone, others remain. */
        ONE,
        /** The last master is gone: the connection cannot serve any more. */
        LAST
    }

    private final Map<String, RemotingChannel> live = new LinkedHashMap<>();
    /** Masters lost and not attached again: sends avoid them while the NameServers still route to them. */
    private final Set<String> lost = new HashSet<>();
    private boolean ended;

    MasterSessions(RemotingClient client, String connectionId, long timeoutMillis,
                   BiConsumer<RemotingChannel, String> onLost) {
        this.client = client;
        this.connectionId = connectionId;
        this.timeoutMillis = timeoutMillis;
        this.onLost = onLost;
    }

    /** Opens the session {@code connect} describes on {@code broker}, on the channel its later requests go by. */
    void open(String broker, ConnectHeader connect) throws JMSException {
        RemotingChannel channel;
        RemotingCommand response;
        try {
            channel = client.channel(broker).get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
            response = channel.invoke(RemotingCommand.request(RequestCode.JMS_CONNECT, connect.toExtFields(), null),
                    timeoutMillis).get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JmsErrors.fromFailure(e, "opening the connection on " + broker);
        } catch (Exception e) {
            throw JmsErrors.fromFailure(e, "opening the connection on " + broker);
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw JmsErrors.fromResponse(response, broker);
        }
        if (!add(broker, channel)) {
            throw JmsErrors.fromFailure(new RemotingConnectException("the connection to " + broker
                    + " closed while opening the session"), "opening the connection on " + broker);
        }
    }

    /**
     * Asks every master, on the channel of its session (never a new one), whether it still has the session; one
     * that does not answer so loses it, and its channel is closed, so that the next session there starts afresh.
     */
    void ping() {
        for (String broker : live()) {
            Optional<RemotingChannel> held = channel(broker);
            if (held.isEmpty()) {
                continue;
            }
            RemotingChannel channel = held.get();
            channel.invoke(RemotingCommand.request(RequestCode.JMS_PING, ExtFields.builder()
                    .put("connectionId", connectionId).build(), null), timeoutMillis)
                    .whenComplete((response, error) -> {
                        if (error != null || response.code() != ResponseCode.SUCCESS) {
                            onLost.accept(channel, error != null ? "its ping failed: " + error.getMessage()
                                    : "it no longer knows the connection: " + response.remark());
                            channel.close();
                        }
                    });
        }
    }

    /**
     * Records a session opened on {@code channel}. False when the channel closed meanwhile (the broker ended the
     * session already) or the sessions ended.
     */
    private synchronized boolean add(String broker, RemotingChannel channel) {
        // checked under the lock a loss takes: a channel active here is closed only later, and that close finds it
        if (ended || !channel.isActive()) {
            return false;
        }
        live.put(broker, channel);
        lost.remove(broker);
        return true;
    }

    /** The session on {@code channel} is gone: the broker it reached, and what that changed. */
    synchronized LostMaster remove(RemotingChannel channel) {
        if (ended) {
            return LostMaster.NOTHING;
        }
        for (Map.Entry<String, RemotingChannel> session : live.entrySet()) {
            if (session.getValue() == channel) {
                String broker = session.getKey();
                live.remove(broker);
                lost.add(broker);
                if (live.isEmpty()) {
                    ended = true;
                    return new LostMaster(broker, Loss.LAST);
                }
                return new LostMaster(broker, Loss.ONE);
            }
        }
        return LostMaster.NOTHING;
    }

    /** A loss: the broker (null for none) and what it changed. */
    record LostMaster(String broker, Loss loss) {
        static final LostMaster NOTHING = new LostMaster(null, Loss.NONE);
    }

    /** No change from now on (the connection closes). */
    synchronized void end() {
        ended = true;
    }

    /** The masters with a live session, in the order they were attached. */
    synchronized List<String> live() {
        return List.copyOf(live.keySet());
    }

    synchronized boolean isLive(String broker) {
        return live.containsKey(broker);
    }

    private synchronized Optional<RemotingChannel> channel(String broker) {
        return Optional.ofNullable(live.get(broker));
    }

    synchronized boolean wasLost(String broker) {
        return lost.contains(broker);
    }
}
