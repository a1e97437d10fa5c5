package io.osprey.mq.jms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.EmbeddedServer;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.message.MessageConst;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's client core against a real broker: sends, broker-managed consumption, acks and returns. */
class ClientConnectionTest {
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

    private static ClientConnection connect(String clientId) throws Exception {
        return ClientConnection.open(ProviderUrl.parse(server.url()), null, null, clientId);
    }

    private static String queue() {
        return "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void send(ClientConnection connection, String topic, long seed, String text) {
        connection.send(topic, seed, text.getBytes(StandardCharsets.UTF_8),
                Map.of(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, UUID.randomUUID().toString())).join();
    }

    private static String text(ReceivedMessage message) {
        return new String(message.record().body(), StandardCharsets.UTF_8);
    }

    @Test
    void aQueueKeepsWhatWasSentBeforeItsFirstConsumerAndDeliversItInOrder() throws Exception {
        try (ClientConnection connection = connect(null)) {
            String topic = queue();
            for (int i = 0; i < 20; i++) {
                send(connection, topic, 7, "m" + i);
            }
            ClientConsumer consumer = connection.openConsumer(new ConsumerSpec(topic, SubscriptionType.QUEUE, null,
                    null, false));
            consumer.start();
            List<String> got = new ArrayList<>();
            List<ReceivedMessage> received = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ReceivedMessage m = consumer.poll(10_000);
                assertThat(m).as("message " + i).isNotNull();
                assertThat(m.deliveryCount()).isEqualTo(1);
                got.add(text(m));
                received.add(m);
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("m" + i);
            }
            assertThat(got).isEqualTo(expected);
            connection.ack(received);
            assertThat(consumer.poll(200)).as("nothing left after the acks").isNull();
        }
    }

    @Test
    void competingConsumersGetEachMessageOnce() throws Exception {
        String topic = queue();
        try (ClientConnection a = connect(null); ClientConnection b = connect(null)) {
            ClientConsumer first = a.openConsumer(new ConsumerSpec(topic, SubscriptionType.QUEUE, null, null, false));
            ClientConsumer second = b.openConsumer(new ConsumerSpec(topic, SubscriptionType.QUEUE, null, null,
                    false));
            first.start();
            second.start();
            for (int i = 0; i < 200; i++) {
                send(a, topic, i, "c" + i);
            }
            Set<String> seen = new HashSet<>();
            int deliveries = 0;
            while (seen.size() < 200) {
                ReceivedMessage m = first.poll(0);
                ClientConnection owner = a;
                if (m == null) {
                    m = second.poll(100);
                    owner = b;
                }
                if (m != null) {
                    deliveries++;
                    seen.add(text(m));
                    owner.ack(List.of(m));
                }
            }
            assertThat(deliveries).as("deliveries of 200 messages").isEqualTo(200);
            assertThat(first.poll(100)).isNull();
            assertThat(second.poll(100)).isNull();
        }
    }

    @Test
    void aReturnedMessageComesBackRedeliveredAndAClosedConsumersBufferGoesToTheNext() throws Exception {
        String topic = queue();
        try (ClientConnection connection = connect(null)) {
            send(connection, topic, 1, "once");
            send(connection, topic, 1, "twice");
            ClientConsumer consumer = connection.openConsumer(new ConsumerSpec(topic, SubscriptionType.QUEUE, null,
                    null, false));
            consumer.start();
            ReceivedMessage first = consumer.poll(10_000);
            assertThat(text(first)).isEqualTo("once");
            connection.giveBack(List.of(first), true);
            ReceivedMessage buffered = consumer.poll(10_000);
            assertThat(text(buffered)).isEqualTo("twice");
            ReceivedMessage again = consumer.poll(10_000);
            assertThat(text(again)).isEqualTo("once");
            assertThat(again.deliveryCount()).isEqualTo(2);
            assertThat(again.redelivered()).isTrue();
            connection.ack(List.of(buffered, again));
            send(connection, topic, 1, "left in the buffer");
            // wait until it is buffered, then close without handing it out
            ClientConsumer other = null;
            try (ClientConnection second = connect(null)) {
                org.awaitility.Awaitility.await().until(consumer::hasBuffered);
                consumer.close();
                other = second.openConsumer(new ConsumerSpec(topic, SubscriptionType.QUEUE, null, null, false));
                other.start();
                ReceivedMessage moved = other.poll(10_000);
                assertThat(text(moved)).isEqualTo("left in the buffer");
                assertThat(moved.deliveryCount()).as("never handed to an application").isEqualTo(1);
                second.ack(List.of(moved));
            }
        }
    }

    @Test
    void aClientIdIsHeldByOneConnectionAtATime() throws Exception {
        String id = "client-" + UUID.randomUUID();
        try (ClientConnection holder = connect(id)) {
            assertThatThrownBy(() -> connect(id)).isInstanceOf(InvalidClientIDException.class)
                    .hasMessageContaining(id);
            try (ClientConnection late = connect(null)) {
                assertThatThrownBy(() -> late.claimClientId(id)).isInstanceOf(InvalidClientIDException.class);
            }
        }
        try (ClientConnection next = connect(id)) {
            assertThat(next.clientId()).isEqualTo(id);
        }
    }

    @Test
    void aBadDestinationNameIsRefusedAndTheBrokerServesOn() throws Exception {
        try (ClientConnection connection = connect(null)) {
            assertThatThrownBy(() -> connection.openConsumer(new ConsumerSpec("bad name!", SubscriptionType.QUEUE,
                    null, null, false))).isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> connection.openConsumer(new ConsumerSpec("TBW102", SubscriptionType.QUEUE,
                    null, null, false))).isInstanceOf(InvalidDestinationException.class);
            String topic = queue();
            send(connection, topic, 3, "still served");
            ClientConsumer consumer = connection.openConsumer(new ConsumerSpec(topic, SubscriptionType.QUEUE, null,
                    null, false));
            consumer.start();
            assertThat(text(consumer.poll(10_000))).isEqualTo("still served");
        }
    }
}
