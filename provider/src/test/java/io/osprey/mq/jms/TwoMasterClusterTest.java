package io.osprey.mq.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.TopicRouteData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.security.ConnectionAuthenticator;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of two masters: a temporary destination lives on one of them, the first its connection uses, and the
 * NameServer routes every send to it there, whichever broker a producer would otherwise have picked; a queue browser
 * shows the queue's messages of both.
 */
class TwoMasterClusterTest {
    @TempDir
    static Path dataA;
    @TempDir
    static Path dataB;
    static NameServer nameServer;
    static Broker brokerA;
    static Broker brokerB;

    @BeforeAll
    static void start() throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        brokerA = master("broker-a", dataA);
        brokerB = master("broker-b", dataB);
    }

    private static Broker master(String name, Path data) throws Exception {
        BrokerConfig config = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(), "127.0.0.1", 0,
                "127.0.0.1").withBrokerName(name);
        Broker broker = new Broker(config, StoreConfig.defaults(data).withCommitLogSegmentBytes(4 << 20),
                ConnectionAuthenticator.disabled());
        broker.start();
        return broker;
    }

    @AfterAll
    static void stop() {
        brokerB.close();
        brokerA.close();
        nameServer.close();
    }

    private static OspreyConnectionFactory factory() {
        return new OspreyConnectionFactory("osprey://127.0.0.1:" + nameServer.port());
    }

    @Test
    void aBrowserShowsTheQueuesMessagesOnEveryMaster() throws Exception {
        Queue queue = new io.osprey.mq.jms.destination.OspreyQueue(JmsTestSupport.unique("spread"));
        try (Connection opener = factory().createConnection()) {
            // a consumer opens on every master, which creates the queue's topic on each
            opener.createSession().createConsumer(queue).close();
        }
        awaitRouteOnBothMasters(queue.getQueueName());
        try (Connection connection = factory().createConnection()) {
            Session session = connection.createSession();
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                // a producer of its own each: sends spread over both masters
                MessageProducer producer = session.createProducer(queue);
                producer.send(session.createTextMessage("m" + i));
                producer.close();
                sent.add("m" + i);
            }
            List<String> browsed = new ArrayList<>();
            for (Object m : Collections.list(session.createBrowser(queue).getEnumeration())) {
                browsed.add(((TextMessage) m).getText());
            }

            assertThat(browsed).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(stored(brokerA, queue.getQueueName())).as("broker-a holds some").isPositive();
            assertThat(stored(brokerB, queue.getQueueName())).as("broker-b holds some").isPositive();
        }
    }

    private static void awaitRouteOnBothMasters(String topic) {
        RemotingClient client = new RemotingClient(ClientOptions.defaults("route-check"));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                RemotingCommand route = client.invoke("127.0.0.1:" + nameServer.port(), RemotingCommand.request(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic), null), 5_000)
                        .get(6, TimeUnit.SECONDS);
                return route.code() == ResponseCode.SUCCESS
                        && JsonBodies.decode(route.body(), TopicRouteData.class).queueDatas().size() == 2;
            });
        } finally {
            client.close();
        }
    }

    private static long stored(Broker broker, String topic) {
        long total = 0;
        for (int q = 0; q < 8; q++) {
            total += broker.store().maxOffset(topic, q);
        }
        return total;
    }

    @Test
    void everyReplyReachesTheTemporaryQueueOnTheBrokerThatKeepsIt() throws Exception {
        OspreyConnectionFactory factory = factory();
        try (Connection owner = factory.createConnection(); Connection replier = factory.createConnection()) {
            owner.start();
            Session session = owner.createSession();
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);

            Session replierSession = replier.createSession();
            int count = 16;
            for (int i = 0; i < count; i++) {
                // a producer of its own each: without the route, sends would spread over both masters
                MessageProducer producer = replierSession.createProducer(replies);
                producer.send(replierSession.createTextMessage("reply " + i));
                producer.close();
            }

            Set<String> got = new HashSet<>();
            for (int i = 0; i < count; i++) {
                Message m = consumer.receive(10_000);
                assertThat(m).as("reply " + i).isNotNull();
                got.add(((TextMessage) m).getText());
            }
            assertThat(got).hasSize(count);
            assertThat(brokerA.store().maxOffset(replies.getQueueName(), 0)).isEqualTo(count);
            assertThat(brokerB.store().maxOffset(replies.getQueueName(), 0)).as("nothing on the other master")
                    .isZero();
        }
    }
}
