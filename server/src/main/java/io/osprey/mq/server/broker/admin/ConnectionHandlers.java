package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.body.Connection;
import io.osprey.mq.protocol.body.ConsumerConnection;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.ProducerConnection;
import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.broker.client.ConsumerClient;
import io.osprey.mq.server.broker.client.ConsumerRegistry;
import io.osprey.mq.server.broker.client.ProducerRegistry;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Live client connections by group: GET_CONSUMER_CONNECTION_LIST and GET_PRODUCER_CONNECTION_LIST. */
public final class ConnectionHandlers {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final ClientVersions versions;

    public ConnectionHandlers(ConsumerRegistry consumers, ProducerRegistry producers, ClientVersions versions) {
        this.consumers = consumers;
        this.producers = producers;
        this.versions = versions;
    }

    /**
     * The group's members with its subscriptions; consumeType, messageModel and consumeFromWhere are the most
     * recent heartbeat's, as the stock broker keeps them per group. CONSUMER_NOT_ONLINE without a live member.
     */
    public CompletionStage<RemotingCommand> consumerConnections(RemotingChannel channel, RemotingCommand request) {
        String group = ExtFields.of(request.extFields()).requireString("consumerGroup");
        List<ConsumerClient> members = consumers.clients(group);
        if (members.isEmpty()) {
            throw new RequestException(ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group[" + group
                    + "] not online");
        }
        Set<Connection> connections = new LinkedHashSet<>();
        for (ConsumerClient member : members) {
            connections.add(connection(member.clientId(), member.channel()));
        }
        ConsumerClient latest = members.stream().max(Comparator.comparingLong(ConsumerClient::lastHeartbeatMillis))
                .orElseThrow();
        return success(request, JsonBodies.encode(new ConsumerConnection(connections, consumers.subscriptions(group),
                latest.consumeType(), latest.messageModel(), latest.consumeFromWhere())));
    }

    /** SYSTEM_ERROR "not exist" without a live member, as the stock broker answers for an unknown group. */
    public CompletionStage<RemotingCommand> producerConnections(RemotingChannel channel, RemotingCommand request) {
        String group = ExtFields.of(request.extFields()).requireString("producerGroup");
        List<ProducerRegistry.ProducerClient> members = producers.clients(group);
        if (members.isEmpty()) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "the producer group[" + group + "] not exist");
        }
        Set<Connection> connections = new LinkedHashSet<>();
        members.stream().sorted(Comparator.comparing(ProducerRegistry.ProducerClient::clientId))
                .forEach(member -> connections.add(connection(member.clientId(), member.channel())));
        return success(request, JsonBodies.encode(new ProducerConnection(connections)));
    }

    /** A client whose heartbeat predates {@link ClientVersions} shows as language OTHER, version 0: unknown. */
    private Connection connection(String clientId, RemotingChannel clientChannel) {
        ClientVersions.ClientVersion version = versions.of(clientChannel)
                .orElse(new ClientVersions.ClientVersion(LanguageCode.OTHER, 0));
        return new Connection(clientId, clientChannel.remoteAddress(), version.language(), version.version());
    }

    private static CompletionStage<RemotingCommand> success(RemotingCommand request, byte[] body) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, body));
    }
}
