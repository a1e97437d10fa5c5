package io.osprey.mq.jms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.jms.EmbeddedServer;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import jakarta.jms.InvalidDestinationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection whose channel drops without a word (no JMS_DISCONNECT, no process kill) loses its temporary
 * destinations on the broker: another connection can neither consume from nor send to them.
 */
class TemporaryDestinationChannelLossTest {
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

    private static ClientConnection open() throws Exception {
        return ClientConnection.open(ProviderUrl.parse(server.url()), null, null, null);
    }

    @Test
    void droppingTheChannelDeletesTheConnectionsTemporaryQueue() throws Exception {
        try (ClientConnection owner = open(); ClientConnection other = open()) {
            String queue = owner.createTemporary(true);
            owner.openConsumer(new ConsumerSpec(queue, SubscriptionType.QUEUE, null, null, false));
            other.send(queue, 1, "x".getBytes(), Map.of()).get(10, TimeUnit.SECONDS);

            owner.client().disconnect(server.broker().address());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() ->
                    other.send(queue, 2, "late".getBytes(), Map.of()).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InvalidDestinationException.class));
            assertThatThrownBy(() -> other.openConsumer(new ConsumerSpec(queue, SubscriptionType.QUEUE, null, null,
                    false))).isInstanceOf(InvalidDestinationException.class).hasMessageContaining("does not exist");
            assertThat(server.broker().store().maxOffset(queue, 0)).isZero();
        }
    }
}
