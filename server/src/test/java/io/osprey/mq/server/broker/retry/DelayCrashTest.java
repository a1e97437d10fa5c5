package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.DelayOffsetTable;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delay scheduler's promise under SIGKILL: every acknowledged delayed send reaches its topic at least once
 * after the broker is killed mid-delivery and restarted on the same data.
 */
class DelayCrashTest {
    private static final String TOPIC = "Survivors";
    private static final int MESSAGES = 200;

    @TempDir
    Path dir;

    @Test
    void everyDelayedMessageArrivesAtLeastOnceAfterAKillDuringDelivery() throws Exception {
        Path log = dir.resolve("child.log");
        Path data = dir.resolve("data");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashedBrokerChild.class.getName(), data.toString(),
                BrokerHarness.SHORT_LEVELS).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (RemotingClient client = new RemotingClient(ClientOptions.defaults("crash-test"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("PORT "));
            String address = "127.0.0.1:" + Files.readString(log).lines().filter(l -> l.startsWith("PORT "))
                    .findFirst().orElseThrow().substring(5).trim();
            for (int i = 0; i < MESSAGES; i++) {
                RemotingCommand response = client.invoke(address, BrokerHarness.sendRequest(TOPIC, 0, "m" + i,
                        Map.of(MessageConst.DELAY_TIME_LEVEL, "1")), 5_000).get(5, TimeUnit.SECONDS);
                assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered(client, address) > 0);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }

        try (BrokerHarness harness = new BrokerHarness(data, BrokerHarness.SHORT_LEVELS)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> bodies(harness.messages(TOPIC, 0)).size() == MESSAGES);
            Set<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "m" + i)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(bodies(harness.messages(TOPIC, 0))).isEqualTo(expected);
        }
    }

    private static long delivered(RemotingClient client, String address) throws Exception {
        RemotingCommand response = client.invoke(address, RemotingCommand.request(RequestCode.GET_ALL_DELAY_OFFSET,
                null, null), 5_000).get(5, TimeUnit.SECONDS);
        return JsonBodies.decode(response.body(), DelayOffsetTable.class).offsetTable().get(1);
    }

    private static Set<String> bodies(List<MessageRecord> records) {
        return records.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
