package io.osprey.mq.jms.client;

import io.osprey.mq.protocol.body.BrokerData;
import io.osprey.mq.protocol.body.ClusterInfo;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.QueueData;
import io.osprey.mq.protocol.body.TopicRouteData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingClient;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the NameServers know: the masters of the cluster and where a topic's queues are. Asks each NameServer in turn
 * until one answers.
 */
final class BrokerDirectory {
    /** A master broker and how many write queues it has for the topic asked about (0: not known there yet). */
    record BrokerQueues(String brokerName, String address, int writeQueues) {
    }

    private final RemotingClient client;
    private final List<String> nameServers;
    private final long timeoutMillis;

    BrokerDirectory(RemotingClient client, List<String> nameServers, long timeoutMillis) {
        this.client = client;
        this.nameServers = List.copyOf(nameServers);
        this.timeoutMillis = timeoutMillis;
    }

    /** Every master of every cluster the NameServers know, ordered by broker name. */
    List<BrokerQueues> masters() throws JMSException {
        RemotingCommand response = ask(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of(), null));
        if (response.code() != ResponseCode.SUCCESS) {
            throw JmsErrors.fromResponse(response, "NameServer");
        }
        ClusterInfo info = JsonBodies.decode(response.body(), ClusterInfo.class);
        Map<String, BrokerQueues> masters = new TreeMap<>();
        for (BrokerData broker : info.brokerAddrTable().values()) {
            if (broker.masterAddr() != null) {
                masters.put(broker.brokerName(), new BrokerQueues(broker.brokerName(), broker.masterAddr(), 0));
            }
        }
        if (masters.isEmpty()) {
            throw new JMSException("no broker is registered with the NameServers " + nameServers);
        }
        return List.copyOf(masters.values());
    }

    /** The masters holding {@code topic} with their write queue counts; empty when the topic does not exist yet. */
    List<BrokerQueues> route(String topic) throws JMSException {
        RemotingCommand response = ask(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                ExtFields.builder().put("topic", topic).build(), null));
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
            return List.of();
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw JmsErrors.fromResponse(response, "NameServer");
        }
        TopicRouteData route = JsonBodies.decode(response.body(), TopicRouteData.class);
        Map<String, String> masters = new TreeMap<>();
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.masterAddr() != null) {
                masters.put(broker.brokerName(), broker.masterAddr());
            }
        }
        List<BrokerQueues> out = new ArrayList<>();
        for (QueueData queues : route.queueDatas()) {
            String address = masters.get(queues.brokerName());
            if (address != null && queues.writeQueueNums() > 0 && (queues.perm() & 0x2) != 0) {
                out.add(new BrokerQueues(queues.brokerName(), address, queues.writeQueueNums()));
            }
        }
        out.sort((a, b) -> a.brokerName().compareTo(b.brokerName()));
        return out;
    }

    private RemotingCommand ask(RemotingCommand request) throws JMSException {
        Exception last = null;
        for (String nameServer : nameServers) {
            try {
                return client.invoke(nameServer, request, timeoutMillis).get(timeoutMillis + 1_000,
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw JmsErrors.fromFailure(e, "asking the NameServer " + nameServer);
            } catch (Exception e) {
                last = e;
            }
        }
        throw JmsErrors.fromFailure(last, "asking the NameServers " + nameServers);
    }
}
