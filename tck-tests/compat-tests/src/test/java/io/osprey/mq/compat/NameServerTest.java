package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.BrokerProcess;
import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.FreePort;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.OspreyCluster;
import io.osprey.mq.compat.support.Received;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Route expiry of a dead broker, and clients riding over the loss of one of two NameServers. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NameServerTest {
    @TempDir
    Path dir;

    @Test
    void sigkilledBrokerProcessDisappearsFromRoutes() throws Exception {
        NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0)
                .withBrokerExpiry(3_000, 500));
        nameServer.start();
        String namesrvAddr = "127.0.0.1:" + nameServer.port();
        int port = FreePort.pick();
        String brokerAddr = "127.0.0.1:" + port;
        try (Clients clients = new Clients(namesrvAddr);
             BrokerProcess broker = BrokerProcess.start(dir.resolve("broker.log"), Map.of(
                     "namesrvAddr", namesrvAddr, "listenAddress", "127.0.0.1", "listenPort", Integer.toString(port),
                     "brokerIP1", "127.0.0.1", "brokerName", "broker-doomed",
                     "storePathRootDir", dir.resolve("store").toString()))) {
            OspreyCluster.awaitRegistered(namesrvAddr, brokerAddr, Duration.ofSeconds(30));
            String topic = Names.unique("doomed");
            clients.createTopic(brokerAddr, topic, 2);
            DefaultMQAdminExt admin = clients.admin();
            assertThat(admin.examineTopicRouteInfo(topic).getBrokerDatas())
                    .anySatisfy(b -> assertThat(b.getBrokerName()).isEqualTo("broker-doomed"));

            broker.kill();

            await("route of " + topic + " gone").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        try {
                            return admin.examineTopicRouteInfo(topic).getBrokerDatas().isEmpty();
                        } catch (Exception noRoute) {
                            return true;
                        }
                    });
            OspreyCluster.awaitUnregistered(namesrvAddr, brokerAddr, Duration.ofSeconds(10));
            assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable()).doesNotContainKey("broker-doomed");
        } finally {
            nameServer.close();
        }
    }

    @Test
    void clientsKeepProducingAndConsumingWhenOneOfTwoNameServersCloses() throws Exception {
        try (OspreyCluster cluster = OspreyCluster.builder(dir).nameServers(2).start();
             Clients clients = new Clients(cluster.namesrvAddr())) {
            String before = Names.unique("ns_before");
            clients.createTopic(cluster.brokerAddr(), before, 2);
            DefaultMQProducer producer = clients.producer();
            Received received = new Received();
            DefaultMQPushConsumer consumer = clients.pushConsumer(Names.unique("ns_g"));
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(before, "*");
            consumer.registerMessageListener(received.listener());
            consumer.start();
            Set<String> firstKeys = send(producer, before, "a", 50);
            await("consumed before the close").atMost(Duration.ofSeconds(60))
                    .until(() -> received.keys().containsAll(firstKeys));

            cluster.closeNameServer(0);

            Set<String> secondKeys = send(producer, before, "b", 50);
            await("the running consumer keeps consuming").atMost(Duration.ofSeconds(60))
                    .until(() -> received.keys().containsAll(secondKeys));

            // a topic created after the close can only be found through the surviving NameServer
            String after = Names.unique("ns_after");
            DefaultMQAdminExt admin = clients.admin();
            await("topic created through the survivor").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> {
                        admin.createAndUpdateTopicConfig(cluster.brokerAddr(),
                                new org.apache.rocketmq.common.TopicConfig(after, 2, 2, 6));
                        return true;
                    });
            Clients.awaitRoute(admin, after, 2);
            await("the producer finds the new topic's route").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> !producer.fetchPublishMessageQueues(after).isEmpty());
            Received afterReceived = new Received();
            String afterGroup = Names.unique("ns_g2");
            // the stock 5.x client picks one NameServer of its list at random for its first route lookup and
            // fails start() when that one is the closed one; a user starts it again, so does the test
            await("a new consumer starts with one NameServer down").atMost(Duration.ofSeconds(60))
                    .ignoreExceptions().until(() -> {
                        DefaultMQPushConsumer afterConsumer = clients.pushConsumer(afterGroup);
                        afterConsumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                        afterConsumer.subscribe(after, "*");
                        afterConsumer.registerMessageListener(afterReceived.listener());
                        try {
                            afterConsumer.start();
                            return true;
                        } catch (Exception | Error e) {
                            afterConsumer.shutdown();
                            throw e;
                        }
                    });
            Set<String> thirdKeys = send(producer, after, "c", 50);
            await("a consumer started after the close consumes the new topic").atMost(Duration.ofSeconds(60))
                    .until(() -> afterReceived.keys().containsAll(thirdKeys));
            assertThat(afterReceived.keys()).isEqualTo(thirdKeys);
        }
    }

    private static Set<String> send(DefaultMQProducer producer, String topic, String prefix, int count)
            throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            assertThat(producer.send(new Message(topic, "t", key, MessageBodies.forKey(key, 200))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            keys.add(key);
        }
        return keys;
    }
}
