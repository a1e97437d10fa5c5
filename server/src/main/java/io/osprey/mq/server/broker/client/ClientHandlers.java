package io.osprey.mq.server.broker.client;

import io.osprey.mq.protocol.body.HeartbeatData;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.SubscriptionGroupTable;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** HEART_BEAT, UNREGISTER_CLIENT and GET_CONSUMER_LIST_BY_GROUP. */
public final class ClientHandlers {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final TopicRegistry topics;
    private final SubscriptionGroupTable subscriptionGroups;
    private final Clock clock;

    public ClientHandlers(ConsumerRegistry consumers, ProducerRegistry producers, TopicRegistry topics,
                          SubscriptionGroupTable subscriptionGroups, Clock clock) {
        this.consumers = consumers;
        this.producers = producers;
        this.topics = topics;
        this.subscriptionGroups = subscriptionGroups;
        this.clock = clock;
    }

    /**
     * Registers the client's groups. Every consumer group gets its {@code %RETRY%} topic (the push consumer
     * subscribes to it and needs its route) and a subscription-group entry.
     */
    public CompletionStage<RemotingCommand> heartbeat(RemotingChannel channel, RemotingCommand request) {
        HeartbeatData heartbeat = JsonBodies.decode(request.body(), HeartbeatData.class);
        String clientId = heartbeat.clientID();
        if (clientId == null || clientId.isBlank()) {
            return CompletableFuture.completedFuture(
                    RemotingCommand.response(request, ResponseCode.SYSTEM_ERROR, "heartbeat without clientID"));
        }
        long now = clock.millis();
        if (!channel.isActive()) {
            // the connection closed while this heartbeat waited for a thread: registering it would list a ghost
            return CompletableFuture.completedFuture(null);
        }
        for (HeartbeatData.ConsumerData consumer : heartbeat.consumerDataSet()) {
            subscriptionGroups.getOrCreate(consumer.groupName());
            topics.retryTopic(consumer.groupName());
            consumers.heartbeat(clientId, channel, consumer, now);
        }
        for (HeartbeatData.ProducerData producer : heartbeat.producerDataSet()) {
            producers.heartbeat(producer.groupName(), clientId, channel, now);
        }
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }

    public CompletionStage<RemotingCommand> unregister(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        String clientId = fields.requireString("clientID");
        String producerGroup = fields.string("producerGroup");
        String consumerGroup = fields.string("consumerGroup");
        if (producerGroup != null) {
            producers.unregister(producerGroup, clientId);
        }
        if (consumerGroup != null) {
            consumers.unregister(clientId, consumerGroup);
        }
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }

    /** Every broker returns the same full, sorted list, the caller included, so clients allocate alike. */
    public CompletionStage<RemotingCommand> consumerList(RemotingChannel channel, RemotingCommand request) {
        String group = ExtFields.of(request.extFields()).requireString("consumerGroup");
        List<String> ids = consumers.clientIds(group);
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(RemotingCommand.response(request, ResponseCode.SYSTEM_ERROR,
                    "no consumer for this group, " + group));
        }
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null,
                JsonBodies.encode(new HeartbeatData.ConsumerIdList(ids))));
    }
}
