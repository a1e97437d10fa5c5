package io.osprey.mq.jms;

import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.TopicRouteData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Asks a NameServer, as a client would, which masters it routes a topic to. */
final class RouteCheck {
    private RouteCheck() {
    }

    /** Waits until {@code nameServer} routes {@code topic} to {@code masters} masters. */
    static void awaitMasters(String nameServer, String topic, int masters) {
        RemotingClient client = new RemotingClient(ClientOptions.defaults("route-check"));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                RemotingCommand route = client.invoke(nameServer, RemotingCommand.request(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic), null), 5_000)
                        .get(6, TimeUnit.SECONDS);
                return route.code() == ResponseCode.SUCCESS
                        && JsonBodies.decode(route.body(), TopicRouteData.class).queueDatas().size() == masters;
            });
        } finally {
            client.close();
        }
    }
}
