package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, Local transactions: "a transacted consumer killed before commit gets its messages back". A consumer in
 * a process of its own receives messages in a transaction (and sends copies of them in it), then is killed with
 * SIGKILL before committing: the broker, seeing its connection die, gives every message back, redelivered with its
 * delivery count raised, and none of the transaction's sends is ever stored.
 */
class TransactedConsumerKillTest {
    private static final int COUNT = 5;
    @TempDir
    static Path data;
    static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTransactedConsumerKilledBeforeCommitGetsItsMessagesBack() throws Exception {
        String input = unique("kill-in");
        String output = unique("kill-out");
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue in = session.createQueue(input);
            MessageProducer producer = session.createProducer(in);
            for (int i = 0; i < COUNT; i++) {
                producer.send(session.createTextMessage("m" + i));
            }

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TransactedConsumerProcess.class.getName(),
                    server.url(), input, output, Integer.toString(COUNT))
                    .redirectErrorStream(true).start();
            try {
                assertThat(awaitLine(child, "HOLDING", 60)).as("the child consumed in its transaction")
                        .startsWith("HOLDING " + COUNT);
                // SIGKILL: no close, no rollback, the socket just dies
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }

            Session reading = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = reading.createConsumer(in);
            List<String> back = new ArrayList<>();
            Message m = null;
            for (int i = 0; i < COUNT; i++) {
                m = consumer.receive(30_000);
                assertThat(m).as("message %d came back", i).isNotNull();
                assertThat(m.getJMSRedelivered()).isTrue();
                assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
                back.add(((TextMessage) m).getText());
            }
            assertThat(back).containsExactly("m0", "m1", "m2", "m3", "m4");
            m.acknowledge();
            MessageConsumer copies = reading.createConsumer(reading.createQueue(output));
            assertThat(copies.receive(1_000)).as("no send of the killed transaction was stored").isNull();
        }
    }

    /** The first line of the child's output starting with {@code prefix}; fails on its end or after the bound. */
    private static String awaitLine(Process child, String prefix, long seconds) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                    seen.append(l).append('\n');
                }
                throw new IllegalStateException("the child ended without " + prefix + ":\n" + seen);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return line.get(seconds, TimeUnit.SECONDS);
    }
}
