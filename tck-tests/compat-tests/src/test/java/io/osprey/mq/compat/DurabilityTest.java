package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.BrokerProcess;
import io.osprey.mq.compat.support.BrokerQueries;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker process SIGKILLed while four producer threads send, then restarted on the same store and port. With
 * SYNC_FLUSH every acknowledged message must come back exactly once with its body intact; with ASYNC_FLUSH whatever
 * comes back must be intact (no torn or corrupt record served).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DurabilityTest {
    private static final int QUEUES = 4;
    private static final int PRODUCERS = 4;

    @TempDir
    Path dir;
    NameServer nameServer;
    String namesrvAddr;

    @BeforeEach
    void startNameServer() throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        namesrvAddr = "127.0.0.1:" + nameServer.port();
    }

    @AfterEach
    void stopNameServer() {
        nameServer.close();
    }

    @Test
    void syncFlushBrokerKeepsEveryAcknowledgedMessageAcrossSigkill() throws Exception {
        Outcome outcome = crashUnderLoad("SYNC_FLUSH");
        Map<String, MessageExt> byKey = outcome.received().byKey();
        List<String> missing = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        outcome.acknowledged().forEach((key, crc) -> {
            MessageExt message = byKey.get(key);
            if (message == null) {
                missing.add(key);
            } else if (MessageBodies.crc32(message.getBody()) != crc) {
                altered.add(key);
            }
        });
        assertThat(missing).as("acknowledged (SEND_OK) but gone after restart, of %d acknowledged",
                outcome.acknowledged().size()).isEmpty();
        assertThat(altered).as("acknowledged but served with another body").isEmpty();
    }

    @Test
    void asyncFlushBrokerServesOnlyIntactMessagesAfterSigkill() throws Exception {
        Outcome outcome = crashUnderLoad("ASYNC_FLUSH");
        assertThat(outcome.received().deliveries()).as("messages served after restart").isPositive();
        Map<String, MessageExt> byKey = outcome.received().byKey();
        List<String> altered = new ArrayList<>();
        byKey.forEach((key, message) -> {
            Long crc = outcome.acknowledged().get(key);
            if (crc != null && MessageBodies.crc32(message.getBody()) != crc) {
                altered.add(key);
            }
        });
        assertThat(altered).as("acknowledged but served with another body").isEmpty();
    }

    private record Outcome(Map<String, Long> acknowledged, Received received) {
    }

    private Outcome crashUnderLoad(String flushDiskType) throws Exception {
        int port = FreePort.pick();
        String brokerAddr = "127.0.0.1:" + port;
        Map<String, String> config = Map.of("namesrvAddr", namesrvAddr, "listenAddress", "127.0.0.1",
                "listenPort", Integer.toString(port), "brokerIP1", "127.0.0.1",
                "storePathRootDir", dir.resolve("store").toString(), "flushDiskType", flushDiskType,
                "commitLogSegmentBytes", Integer.toString(4 * 1024 * 1024));
        String topic = Names.unique("durable");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        try (Clients clients = new Clients(namesrvAddr)) {
            BrokerProcess broker = BrokerProcess.start(dir.resolve("broker-1.log"), config);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            try {
                OspreyCluster.awaitRegistered(namesrvAddr, brokerAddr, Duration.ofSeconds(30));
                clients.createTopic(brokerAddr, topic, QUEUES);
                for (int t = 0; t < PRODUCERS; t++) {
                    DefaultMQProducer producer = clients.producer();
                    producer.setSendMsgTimeout(3_000);
                    int thread = t;
                    Thread sender = new Thread(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "t" + thread + "-" + i;
                            byte[] body = MessageBodies.forKey(key, 100 + (i * 37) % 3000);
                            try {
                                SendResult result = producer.send(new Message(topic, "d", key, body));
                                if (result.getSendStatus() == SendStatus.SEND_OK) {
                                    acknowledged.put(key, MessageBodies.crc32(body));
                                }
                            } catch (Exception expectedOnceKilled) {
                                // the broker is gone: nothing was acknowledged for this key
                                if (!broker.isAlive()) {
                                    return;
                                }
                            }
                        }
                    }, "durability-producer-" + t);
                    sender.start();
                    threads.add(sender);
                }
                await("1500 acknowledged before the kill").atMost(Duration.ofSeconds(90))
                        .until(acknowledged::size, n -> n >= 1_500);
                broker.kill();
            } finally {
                stop.set(true);
                broker.kill();
                for (Thread thread : threads) {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                }
            }

            try (BrokerProcess restarted = BrokerProcess.start(dir.resolve("broker-2.log"), config)) {
                OspreyCluster.awaitRegistered(namesrvAddr, brokerAddr, Duration.ofSeconds(30));
                Clients.awaitRoute(clients.admin(), topic, QUEUES);
                long stored = BrokerQueries.storedCount(brokerAddr, topic, QUEUES);
                DefaultLitePullConsumer reader =
                        clients.litePullConsumerFromBeginning(Names.unique("durable_reader"), topic);
                Received received = new Received();
                List<String> corrupt = new ArrayList<>();
                await("all " + stored + " stored messages read back").atMost(Duration.ofSeconds(90)).until(() -> {
                    for (MessageExt message : reader.poll(500)) {
                        received.add(message);
                        if (!MessageBodies.isIntact(message.getBody())
                                || !message.getKeys().equals(MessageBodies.keyOf(message.getBody()))) {
                            corrupt.add(message.getKeys() + "@" + message.getQueueId() + ":"
                                    + message.getQueueOffset());
                        }
                    }
                    return received.deliveries() >= stored;
                });
                assertThat(corrupt).as("records served with a body that is not what was sent").isEmpty();
                assertThat(received.duplicates()).as("messages served twice").isEmpty();
                assertThat(received.deliveries()).as("records served vs max offsets").isEqualTo(stored);
                return new Outcome(Map.copyOf(acknowledged), received);
            }
        }
    }
}
