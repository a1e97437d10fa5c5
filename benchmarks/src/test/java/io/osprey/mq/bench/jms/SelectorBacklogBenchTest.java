package io.osprey.mq.bench.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the selector backlog benchmark on a small backlog against Osprey in this JVM, through JNDI. */
class SelectorBacklogBenchTest {
    @TempDir
    Path dir;
    private NameServer nameServer;
    private Broker broker;
    private Path jndi;

    @BeforeEach
    void startOsprey() throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        String namesrv = "127.0.0.1:" + nameServer.port();
        broker = new Broker(BrokerConfig.defaults().withNetwork(namesrv, "127.0.0.1", 0, "127.0.0.1"),
                StoreConfig.defaults(dir.resolve("store")).withCommitLogSegmentBytes(16 * 1024 * 1024));
        broker.start();
        jndi = dir.resolve("jndi.properties");
        Files.writeString(jndi, "java.naming.factory.initial=io.osprey.mq.jms.jndi.OspreyInitialContextFactory\n"
                + "connectionFactory.ConnectionFactory=osprey://" + namesrv + "\n");
    }

    @AfterEach
    void stopOsprey() {
        broker.close();
        nameServer.close();
    }

    @Test
    @Timeout(120)
    void theSelectorConsumerGetsExactlyTheMatchingMessagesOfTheBacklog() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit = new CommandLine(new SelectorBacklogBench(new PrintStream(captured, true, StandardCharsets.UTF_8)))
                .execute("--jndi", jndi.toString(), "--backlog", "2050", "--match-every", "100", "--size", "128",
                        "--fill-batch", "500", "--label", "test");
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(exit).as(output).isZero();
        String result = output.strip().lines().reduce((a, b) -> b).orElseThrow();
        // 2050 messages, every 100th from the first: 0, 100, ..., 2000
        assertThat(result).startsWith("RESULT tool=selector-backlog label=test backlog=2050 matching=21 ")
                .contains(" match_received=21 ").endsWith(" ok=true");
    }

    @Test
    void aBacklogOfNothingIsRefused() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new SelectorBacklogBench(new PrintStream(captured, true,
                StandardCharsets.UTF_8)));
        command.setErr(new java.io.PrintWriter(captured, true));
        int exit = command.execute("--jndi", jndi.toString(), "--backlog", "0");
        assertThat(exit).isNotZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--backlog");
    }
}
