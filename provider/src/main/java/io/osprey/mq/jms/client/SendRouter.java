package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.transport.RemotingClient;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a send goes: the masters the NameServers route a topic to (cached until the next route refresh), minus those
 * the connection lost, and the next of them when the chosen one cannot be reached. A send is tried elsewhere only when
 * it cannot have been stored where it went (no connection, or the broker refused it as not serving) or when the
 * connection closed under it; the last case may store it twice, on a master that died after storing it and on the
 * next. A timeout is never retried: the broker may have stored the message and be merely slow.
 */
final class SendRouter {
    static final int DEFAULT_QUEUE_NUMS = 4;

    private final RemotingClient client;
    private final BrokerDirectory directory;
    private final MasterSessions masters;
    private final long timeoutMillis;
    private final Map<String, List<BrokerDirectory.BrokerQueues>> routes = new ConcurrentHashMap<>();

    SendRouter(RemotingClient client, BrokerDirectory directory, MasterSessions masters, long timeoutMillis) {
        this.client = client;
        this.directory = directory;
        this.masters = masters;
        this.timeoutMillis = timeoutMillis;
    }

    /** Drops every cached route: the next send of each topic asks the NameServers again. */
    void forgetRoutes() {
        routes.clear();
    }

    void forget(String topic) {
        routes.remove(topic);
    }

    /**
     * The masters a send to {@code topic} may go to, none of them lost. A topic the NameServers do not know yet goes
     * to the masters the connection holds sessions on, which create it on the first send.
     *
     * @throws JMSException when no master serving the topic is left
     */
    List<BrokerDirectory.BrokerQueues> targets(String topic) throws JMSException {
        List<BrokerDirectory.BrokerQueues> cached = routes.get(topic);
        if (cached != null) {
            List<BrokerDirectory.BrokerQueues> alive = withoutLost(cached);
            if (!alive.isEmpty()) {
                return alive;
            }
            routes.remove(topic, cached);
        }
        List<BrokerDirectory.BrokerQueues> route = directory.route(topic);
        if (route.isEmpty()) {
            List<BrokerDirectory.BrokerQueues> live = new ArrayList<>();
            for (String broker : masters.live()) {
                live.add(new BrokerDirectory.BrokerQueues(broker, broker, 0));
            }
            if (live.isEmpty()) {
                throw new JMSException("no master is left to send to " + topic);
            }
            return live;
        }
        routes.put(topic, route);
        List<BrokerDirectory.BrokerQueues> alive = withoutLost(route);
        if (alive.isEmpty()) {
            throw new JMSException("no master serving " + topic + " is left: the NameServers route it to "
                    + addresses(route) + ", which this connection lost");
        }
        return alive;
    }

    private List<BrokerDirectory.BrokerQueues> withoutLost(List<BrokerDirectory.BrokerQueues> route) {
        List<BrokerDirectory.BrokerQueues> out = new ArrayList<>(route.size());
        for (BrokerDirectory.BrokerQueues target : route) {
            if (!masters.wasLost(target.address())) {
                out.add(target);
            }
        }
        return out;
    }

    private static List<String> addresses(List<BrokerDirectory.BrokerQueues> targets) {
        List<String> out = new ArrayList<>(targets.size());
        targets.forEach(t -> out.add(t.address()));
        return out;
    }

    /**
     * Stores a message on one of {@code targets}, starting at the one {@code seed} picks (so that one producer's
     * messages keep one master and queue while it serves), then the others in turn.
     */
    CompletableFuture<ClientConnection.SendReceipt> send(String topic, List<BrokerDirectory.BrokerQueues> targets,
                                                         long seed, byte[] body, String properties) {
        int first = (int) Math.floorMod(seed, (long) targets.size());
        return sendTo(topic, targets, first, 0, seed, body, properties);
    }

    private CompletableFuture<ClientConnection.SendReceipt> sendTo(String topic,
                                                                   List<BrokerDirectory.BrokerQueues> targets,
                                                                   int first, int attempt, long seed, byte[] body,
                                                                   String properties) {
        BrokerDirectory.BrokerQueues target = targets.get((first + attempt) % targets.size());
        int queues = target.writeQueues() > 0 ? target.writeQueues() : DEFAULT_QUEUE_NUMS;
        int queueId = (int) Math.floorMod(seed >>> 8, (long) queues);
        SendMessageRequestHeader header = new SendMessageRequestHeader(ClientConnection.PRODUCER_GROUP, topic,
                "TBW102", DEFAULT_QUEUE_NUMS, queueId, 0, System.currentTimeMillis(), 0, properties, 0, false, null,
                false);
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(), body);
        return client.invoke(target.address(), request, timeoutMillis).handle((response, error) -> {
            if (error == null && response.code() == ResponseCode.SUCCESS) {
                if (target.writeQueues() == 0) {
                    // the send created the topic: its route names the queue counts now
                    routes.remove(topic);
                }
                return CompletableFuture.completedFuture(new ClientConnection.SendReceipt(target.address(),
                        response.extFields().get("msgId")));
            }
            boolean unreachable = error != null ? JmsErrors.unreachable(error)
                    : response.code() == ResponseCode.SERVICE_NOT_AVAILABLE;
            if (unreachable && attempt + 1 < targets.size()) {
                return sendTo(topic, targets, first, attempt + 1, seed, body, properties);
            }
            JMSException failure = error != null
                    ? JmsErrors.fromFailure(error, "sending to " + topic + " on " + target.address())
                    : JmsErrors.fromResponse(response, target.address());
            if (unreachable && targets.size() > 1) {
                JMSException none = new JMSException("sending to " + topic + " failed: none of the masters serving"
                        + " it could take the message (tried " + addresses(targets) + "); last: "
                        + failure.getMessage());
                none.setLinkedException(failure);
                none.initCause(failure);
                failure = none;
            }
            return CompletableFuture.<ClientConnection.SendReceipt>failedFuture(failure);
        }).thenCompose(f -> f);
    }
}
