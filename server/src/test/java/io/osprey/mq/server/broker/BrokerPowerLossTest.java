package io.osprey.mq.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.common.CutMode;
import io.osprey.mq.server.common.CutTrigger;
import io.osprey.mq.server.common.PowerCutDisk;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.TagFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole broker on a {@link PowerCutDisk}, in both flush modes: a topic whose creation was acknowledged never
 * vanishes, and (SYNC_FLUSH) neither does a message whose send was, whatever step of the store or of the
 * metadata rewrites the power is cut at.
 */
class BrokerPowerLossTest {
    private static final int ROUNDS = 5;
    private static final long TIMEOUT_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Test
    void syncFlushKeepsAcknowledgedTopicsAndMessages() throws Exception {
        run(FlushDiskType.SYNC_FLUSH, 21);
    }

    @Test
    void asyncFlushKeepsAcknowledgedTopics() throws Exception {
        run(FlushDiskType.ASYNC_FLUSH, 22);
    }

    private record Acked(String topic, String body) {
    }

    private void run(FlushDiskType flush, long seed) throws Exception {
        Path root = dir.resolve("store");
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("trash"), seed);
        Random random = new Random(seed);
        List<Acked> acked = new ArrayList<>();
        StoreConfig storeConfig = StoreConfig.defaults(root).withCommitLogSegmentBytes(256 * 1024)
                .withFlushDiskType(flush);
        try (NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
             RemotingClient client = new RemotingClient(ClientOptions.defaults("power-loss-test"))) {
            nameServer.start();
            BrokerConfig brokerConfig = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(),
                    "127.0.0.1", 0, "127.0.0.1");
            for (int round = 0; round <= ROUNDS; round++) {
                Broker broker = new Broker(brokerConfig, storeConfig, Clock.systemUTC(), disk);
                broker.start();
                for (Acked a : acked) {
                    assertThat(broker.topicTable().get(a.topic())).as("round %d: topic %s", round, a.topic())
                            .isPresent();
                    if (a.body() != null) {
                        assertThat(bodies(broker, a.topic())).as("round %d: %s", round, a.topic())
                                .contains(a.body());
                    }
                }
                if (round == ROUNDS) {
                    broker.close();
                    break;
                }
                Path under = random.nextBoolean() ? root.resolve("config") : root;
                CutTrigger trigger = disk.cutBefore(op -> op.path().startsWith(under), 5 + random.nextInt(120),
                        round % 2 == 0 ? CutMode.LOSE_UNFORCED : CutMode.RANDOM_PAGES);
                for (int i = 0; !trigger.fired().isDone() && i < 10_000; i++) {
                    String topic = "T-" + round + "-" + i;
                    RemotingCommand created = invoke(client, broker, RequestCode.UPDATE_AND_CREATE_TOPIC,
                            TestBroker.topicHeader(topic, 2), null);
                    if (created == null || created.code() != ResponseCode.SUCCESS) {
                        break;
                    }
                    String body = topic + "-body";
                    RemotingCommand sent = invoke(client, broker, RequestCode.SEND_MESSAGE, new SendMessageRequestHeader(
                            "power-loss-producer", topic, "TBW102", 2, 0, 0, System.currentTimeMillis(), 0,
                            MessageProperties.encode(Map.of()), 0, false, null, false).toExtFields(),
                            body.getBytes(StandardCharsets.UTF_8));
                    if (sent == null || sent.code() != ResponseCode.SUCCESS) {
                        acked.add(new Acked(topic, null));
                        break;
                    }
                    acked.add(new Acked(topic, flush == FlushDiskType.SYNC_FLUSH ? body : null));
                }
                try {
                    trigger.fired().get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    disk.disarm(trigger);
                    disk.cut(CutMode.LOSE_UNFORCED);
                }
                broker.close();
                disk.powerOn();
            }
        }
    }

    private static RemotingCommand invoke(RemotingClient client, Broker broker, int code, Map<String, String> header,
                                          byte[] body) throws Exception {
        try {
            return client.invoke(broker.address(), RemotingCommand.request(code, header, body), TIMEOUT_MILLIS)
                    .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return null; // the broker went down with its disk
        }
    }

    private static List<String> bodies(Broker broker, String topic) {
        List<String> bodies = new ArrayList<>();
        long offset = 0;
        while (offset < broker.store().maxOffset(topic, 0)) {
            GetMessagesResult r = broker.store().getMessages(topic, 0, offset, 32, 1 << 20, TagFilter.ALL);
            r.decodeRecords().forEach(m -> bodies.add(new String(m.body(), StandardCharsets.UTF_8)));
            offset = r.nextBeginOffset();
        }
        return bodies;
    }
}
