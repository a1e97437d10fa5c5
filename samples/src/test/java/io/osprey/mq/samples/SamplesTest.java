package io.osprey.mq.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every sample against a real NameServer and Broker in this JVM, through the JNDI context its {@code main}
 * builds from {@code jndi.properties} and the provider URL, and checks what it prints.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SamplesTest {
    @TempDir
    static Path dataDir;
    static SampleServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new SampleServer(dataDir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theJndiContextNamesTheServerGivenOnTheCommandLine() throws Exception {
        Context jndi = Samples.jndi(new String[] {server.url()});

        assertThat(Samples.providerUrl(jndi)).isEqualTo(server.url());
        assertThat(Samples.nameServers("osprey://a:1,b:2?clientId=x")).isEqualTo("a:1;b:2");
        assertThat(Samples.providerUrl(Samples.jndi(new String[0]))).isEqualTo(Samples.DEFAULT_URL);
    }

    @Test
    void queueSendReceiveReceivesEveryOrderSent() throws Exception {
        List<String> lines = run(QueueSendReceive::run);

        assertThat(lines.subList(0, 3)).containsExactly("sent: order 1", "sent: order 2", "sent: order 3");
        assertThat(lines.subList(3, lines.size())).containsExactlyInAnyOrder("received: order 1",
                "received: order 2", "received: order 3");
    }

    @Test
    void durableSubscriptionKeepsWhatIsPublishedWhileClosed() throws Exception {
        assertThat(run(DurableSubscription::run)).containsExactly(
                "received while subscribed: EURUSD 1.0812",
                "published while the subscriber was closed",
                "received after reopening: EURUSD 1.0815",
                "unsubscribed eur-prices");
    }

    @Test
    void requestReplyGetsTheCorrelatedAnswer() throws Exception {
        assertThat(run(RequestReply::run)).containsExactly("request: hello osprey", "reply: HELLO OSPREY",
                "correlated: true");
    }

    @Test
    void selectorFilterTakesTheMatchingTradesAndLeavesTheRest() throws Exception {
        List<String> lines = run(SelectorFilter::run);

        assertThat(lines.get(0)).isEqualTo("selector: region = 'EU' AND amount > 100");
        assertThat(lines.subList(1, 3)).containsExactlyInAnyOrder("matched: trade 1 (EU, 250)",
                "matched: trade 4 (EU, 120)");
        assertThat(lines.subList(3, 5)).containsExactlyInAnyOrder("left for others: trade 2 (US, 900)",
                "left for others: trade 3 (EU, 40)");
        assertThat(lines).hasSize(5);
    }

    @Test
    void transactedForwardBillsTheOrderOnceAfterARollback() throws Exception {
        assertThat(run(TransactedForward::run)).containsExactly(
                "sent: order 42",
                "rolled back: order 42",
                "received again: order 42, redelivered=true",
                "committed: order 42",
                "invoice: invoice for order 42");
    }

    @Test
    void rocketMqInteropDeliversTheStockProducersMessageAsATextMessage() throws Exception {
        List<String> lines = run(RocketMqInterop::run);

        assertThat(lines).hasSize(5);
        String msgId = lines.get(0).substring("RocketMQ sent: msgId ".length());
        assertThat(lines.subList(1, 5)).containsExactly(
                "JMS received: order 42 created",
                "JMSMessageID: ID:" + msgId,
                "JMSType: order.created",
                "TAGS: created, region: EU");
    }

    @FunctionalInterface
    interface Sample {
        void run(Context jndi, PrintStream out) throws Exception;
    }

    /** Runs a sample as its main does, with the test server's URL as argument; returns the lines it printed. */
    private static List<String> run(Sample sample) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Context jndi = Samples.jndi(new String[] {server.url()});
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            sample.run(jndi, out);
        } finally {
            jndi.close();
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
