package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.dispatch.TemporaryNames;
import io.osprey.mq.server.broker.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A temporary destination ends with its connection, and every connection ends with the broker process: one left in
 * the topic table by a stop that never saw its connection end is deleted at the next start, messages and all.
 */
class TemporaryDestinationRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void aTemporaryQueueLeftByTheLastRunIsGoneAfterARestart() throws Exception {
        String queue;
        TestBroker first = new TestBroker(dataDir);
        try (JmsWire owner = JmsWire.connected(first.broker().address(), "owner")) {
            queue = owner.createTemporary(true);
            owner.openQueue(1, queue);
            owner.send(queue, 0, "left behind");
            await().atMost(Duration.ofSeconds(5)).until(() -> first.broker().store().maxOffset(queue, 0) == 1);
            // the broker stops while the connection is open: nothing ends it
            first.close();
        }

        try (TestBroker second = new TestBroker(dataDir);
             JmsWire connection = JmsWire.connected(second.broker().address(), "after")) {
            assertThat(queue).startsWith(TemporaryNames.PREFIX);
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.sendRaw(queue, 0, "late", Map.of()).code()
                    == ResponseCode.TOPIC_NOT_EXIST);
            await().atMost(Duration.ofSeconds(5)).until(() -> second.broker().store().maxOffset(queue, 0) == 0);
            assertThat(connection.openConsumer(1, queue, SubscriptionType.QUEUE, null, null, false).code())
                    .isEqualTo(ResponseCode.INVALID_DESTINATION);
        }
    }
}
