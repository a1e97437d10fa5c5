package io.osprey.mq.server.namesrv;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.TopicList;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Route reads: GET_ROUTEINFO_BY_TOPIC, GET_BROKER_CLUSTER_INFO, topic lists; and DELETE_TOPIC_IN_NAMESRV. */
final class RouteQueryHandlers {
    private final RouteTable routes;
    private final KvConfigTable kvConfig;

    RouteQueryHandlers(RouteTable routes, KvConfigTable kvConfig) {
        this.routes = routes;
        this.kvConfig = kvConfig;
    }

    /** Unknown topics get TOPIC_NOT_EXIST, which sends a producer to TBW102 and auto-creation. */
    CompletionStage<RemotingCommand> routeInfo(RemotingChannel channel, RemotingCommand request) {
        String topic = ExtFields.of(request.extFields()).requireString("topic");
        String orderConf = kvConfig.get(KvConfigTable.ORDER_TOPIC_CONFIG, topic).orElse(null);
        return CompletableFuture.completedFuture(routes.route(topic, orderConf)
                .map(route -> RemotingCommand.success(request, null, JsonBodies.encode(route)))
                .orElseGet(() -> RemotingCommand.response(request, ResponseCode.TOPIC_NOT_EXIST,
                        "No topic route info in name server for the topic: " + topic)));
    }

    CompletionStage<RemotingCommand> clusterInfo(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(
                RemotingCommand.success(request, null, JsonBodies.encode(routes.clusterInfo())));
    }

    CompletionStage<RemotingCommand> allTopics(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null,
                JsonBodies.encode(new TopicList(routes.topics(), null))));
    }

    CompletionStage<RemotingCommand> topicsByCluster(RemotingChannel channel, RemotingCommand request) {
        String cluster = ExtFields.of(request.extFields()).requireString("cluster");
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null,
                JsonBodies.encode(new TopicList(routes.topicsOfCluster(cluster), null))));
    }

    CompletionStage<RemotingCommand> deleteTopic(RemotingChannel channel, RemotingCommand request) {
        routes.deleteTopic(ExtFields.of(request.extFields()).requireString("topic"));
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }
}
