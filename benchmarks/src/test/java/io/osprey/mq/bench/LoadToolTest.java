package io.osprey.mq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the load tool for a few seconds against an Osprey NameServer and Broker started in this JVM. */
class LoadToolTest {
    private static final Pattern RESULT = Pattern.compile("RESULT( [a-z0-9_]+=\\S+)+");

    @TempDir
    Path storeDir;
    private NameServer nameServer;
    private Broker broker;

    private void startOsprey() throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        String namesrv = "127.0.0.1:" + nameServer.port();
        broker = new Broker(BrokerConfig.defaults().withNetwork(namesrv, "127.0.0.1", 0, "127.0.0.1"),
                StoreConfig.defaults(storeDir).withCommitLogSegmentBytes(16 * 1024 * 1024));
        broker.start();
    }

    @AfterEach
    void stopOsprey() {
        if (broker != null) {
            broker.close();
        }
        if (nameServer != null) {
            nameServer.close();
        }
    }

    @Test
    @Timeout(60)
    void shortRunEndsWithAWellFormedOkResultLine() throws Exception {
        startOsprey();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit = LoadTool.run(new PrintStream(captured, true, StandardCharsets.UTF_8),
                "--namesrv", "127.0.0.1:" + nameServer.port(), "--producers", "2", "--consumers", "2",
                "--size", "256", "--queues", "4", "--warmup-seconds", "1", "--duration", "2", "--label", "test");

        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        String[] lines = output.strip().split("\\R");
        String last = lines[lines.length - 1];
        assertThat(exit).as(output).isZero();
        assertThat(last).as(output).matches(RESULT);
        Map<String, String> fields = Arrays.stream(last.substring("RESULT ".length()).split(" "))
                .map(kv -> kv.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertThat(fields).containsEntry("ok", "true").containsEntry("label", "test")
                .containsEntry("producers", "2").containsEntry("consumers", "2").containsEntry("size", "256")
                .containsKeys("prod_msg_s", "prod_mb_s", "send_p50_us", "send_p99_us", "cons_msg_s", "cons_mb_s",
                        "e2e_p50_us", "e2e_p99_us", "e2e_p999_us", "e2e_max_us");
        long produced = Long.parseLong(fields.get("prod_msgs"));
        assertThat(produced).isPositive();
        assertThat(Long.parseLong(fields.get("cons_msgs"))).isGreaterThanOrEqualTo(produced);
        assertThat(Double.parseDouble(fields.get("prod_msg_s"))).isPositive();
        assertThat(Long.parseLong(fields.get("e2e_p99_us")))
                .isGreaterThanOrEqualTo(Long.parseLong(fields.get("e2e_p50_us")));
    }

    @Test
    void badArgumentsExitWithTwo() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(LoadTool.run(new PrintStream(captured, true, StandardCharsets.UTF_8), "--producers", "0"))
                .isEqualTo(2);
    }
}
