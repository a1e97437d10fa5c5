package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.protocol.dispatch.SubscriptionType.DURABLE;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.PRIVATE;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.QUEUE;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.SHARED;
import static io.osprey.mq.protocol.dispatch.SubscriptionType.SHARED_DURABLE;
import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.ClientIds;
import io.osprey.mq.protocol.dispatch.ConsumerHeader;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.OpenConsumerHeader;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.dispatch.TagsHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests a confused or hostile client may send: each gets a response with a code the provider can map, nothing
 * it held changes, and the broker goes on serving.
 */
class DispatchBadInputTest extends BrokerFixture {

    @AfterEach
    void brokerStillServes() throws Exception {
        String queue = topic("after", 1);
        JmsWire probe = connection("probe");
        probe.openQueue(1, queue);
        probe.send(queue, 0, "still serving");
        List<Received> received = probe.fetchExactly(1, 1);
        assertThat(bodies(received)).containsExactly("still serving");
        probe.ack(received);
    }

    @Test
    void requestsOfAnUnknownConnectionOrConsumerAreAnUnknownSession() throws Exception {
        String queue = topic("q", 1);
        JmsWire stranger = unconnected("stranger");
        JmsWire known = connection("known");

        assertThat(stranger.openConsumer(1, queue, QUEUE, null, null, false).code())
                .isEqualTo(ResponseCode.UNKNOWN_SESSION);
        assertThat(stranger.fetchAsync(1, 1, 0).get(5, TimeUnit.SECONDS).code())
                .isEqualTo(ResponseCode.UNKNOWN_SESSION);
        assertThat(known.fetchAsync(99, 1, 0).get(5, TimeUnit.SECONDS).code()).as("unknown consumer")
                .isEqualTo(ResponseCode.UNKNOWN_SESSION);
        DeliveryTag tag = new DeliveryTag("queue:" + queue, 0, 0);
        assertThat(stranger.ackRaw(List.of(tag)).code()).isEqualTo(ResponseCode.UNKNOWN_SESSION);
        assertThat(stranger.giveBackRaw(List.of(tag), true).code()).isEqualTo(ResponseCode.UNKNOWN_SESSION);
        assertThat(stranger.unsubscribeRaw("d").code()).isEqualTo(ResponseCode.UNKNOWN_SESSION);
        assertThat(stranger.claimClientIdRaw(unique("client")).code()).isEqualTo(ResponseCode.UNKNOWN_SESSION);

        // what the broker answers today: closing what is not open, and ending what never began, succeed
        assertThat(known.closeConsumerRaw(99, List.of()).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(stranger.closeConsumerRaw(1, List.of()).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(stranger.disconnectRaw().code()).isEqualTo(ResponseCode.SUCCESS);
    }

    /** A client that bypasses the provider's check: refused with the rule it broke, nothing of it registered. */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", " lead", "trail ", "a:b", "nul\u0000", "sep\u0001", "line\nbreak", "\ud800x",
        "x\udc00"})
    void malformedClientIdsAreRefusedOnConnectAndOnClaim(String clientId) throws Exception {
        JmsWire client = unconnected("client");

        RemotingCommand connect = client.connect(clientId);

        assertThat(connect.code()).isEqualTo(ResponseCode.INVALID_CLIENT_ID);
        assertThat(connect.remark()).contains("refused: a client ID must not");
        assertThat(connect.remark().chars().filter(Character::isISOControl)).isEmpty();
        succeeded(client.connect(null));
        RemotingCommand claim = client.claimClientIdRaw(clientId);
        assertThat(claim.code()).isEqualTo(ResponseCode.INVALID_CLIENT_ID);
        assertThat(claim.remark()).isEqualTo(connect.remark());
        succeeded(client.claimClientIdRaw(unique("valid")));
    }

    @Test
    void aClientIdLongerThanTheMaximumIsRefused() throws Exception {
        RemotingCommand connect = unconnected("client").connect("x".repeat(ClientIds.MAX_LENGTH + 1));

        assertThat(connect.code()).isEqualTo(ResponseCode.INVALID_CLIENT_ID);
        assertThat(connect.remark()).contains("at most 255 characters");
        succeeded(unconnected("client2").connect("x".repeat(ClientIds.MAX_LENGTH)));
    }

    @Test
    void malformedTagBodiesAreRefusedAndChangeNothing() throws Exception {
        String queue = topic("q", 1);
        JmsWire owner = connection("owner");
        JmsWire other = connection("other");
        owner.openQueue(1, queue);
        other.openQueue(1, queue);
        owner.send(queue, 0, "held");
        List<Received> held = owner.fetchExactly(1, 1);
        String key = held.get(0).subscription();

        for (byte[] body : malformedTagBodies(key)) {
            for (int code : new int[] {RequestCode.JMS_ACK, RequestCode.JMS_RETURN}) {
                RemotingCommand response = owner.invoke(code, new TagsHeader(owner.connectionId(), true)
                        .toExtFields(), body);
                // a malformed body is answered SYSTEM_ERROR, as the broker answers every body it cannot parse
                assertThat(response.code()).as("%s with %d bytes", RequestCode.name(code), body.length)
                        .isEqualTo(ResponseCode.SYSTEM_ERROR);
                assertThat(response.remark()).isNotBlank();
            }
            RemotingCommand close = owner.invoke(RequestCode.JMS_CLOSE_CONSUMER,
                    new ConsumerHeader(owner.connectionId(), 1, 0, 0).toExtFields(), body);
            assertThat(close.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        }

        assertThat(other.fetch(1, 10, 0)).as("nothing acknowledged or returned").isEmpty();
        assertThat(owner.fetch(1, 10, 0)).as("the consumer is still open, its message still held").isEmpty();
        owner.giveBack(held, true);
        assertThat(bodies(owner.fetch(1, 10, 0))).containsExactly("held");
    }

    @Test
    void tagsOfUnknownSubscriptionsOrQueuesAreIgnored() throws Exception {
        String queue = topic("q", 1);
        JmsWire owner = connection("owner");
        owner.openQueue(1, queue);
        owner.send(queue, 0, "held");
        List<Received> held = owner.fetchExactly(1, 1);
        String key = held.get(0).subscription();

        List<DeliveryTag> strangers = List.of(new DeliveryTag("queue:no-such-queue", 0, 0),
                new DeliveryTag(key, 7, 0), new DeliveryTag(key, 0, 1_000_000));
        succeeded(owner.ackRaw(strangers));
        succeeded(owner.giveBackRaw(strangers, true));

        owner.giveBack(held, true);
        assertThat(bodies(owner.fetch(1, 10, 0))).containsExactly("held");
    }

    @Test
    void openConsumerHeadersThatDoNotParseAreRefused() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        Map<String, String> header = new HashMap<>(new OpenConsumerHeader(connection.connectionId(), 1, queue, QUEUE,
                null, null, null, false).toExtFields());

        header.put("type", "TEMPORARY");
        RemotingCommand unknownType = connection.invoke(RequestCode.JMS_OPEN_CONSUMER, header, null);
        // a header that does not parse is answered SYSTEM_ERROR, naming the field
        assertThat(unknownType.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(unknownType.remark()).contains("TEMPORARY");

        header.put("type", "QUEUE");
        header.put("consumerId", "one");
        assertThat(connection.invoke(RequestCode.JMS_OPEN_CONSUMER, header, null).code())
                .isEqualTo(ResponseCode.SYSTEM_ERROR);
        header.put("consumerId", "1");
        header.remove("topic");
        RemotingCommand noTopic = connection.invoke(RequestCode.JMS_OPEN_CONSUMER, header, null);
        assertThat(noTopic.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(noTopic.remark()).contains("topic");

        connection.openQueue(1, queue);
        assertThat(connection.openConsumer(1, queue, QUEUE, null, null, false).code()).as("consumer ID in use")
                .isEqualTo(ResponseCode.ILLEGAL_STATE);
        for (SubscriptionType named : List.of(DURABLE, SHARED, SHARED_DURABLE)) {
            assertThat(connection.openConsumer(2, queue, named, null, null, false).code()).as("%s without a name",
                    named).isEqualTo(ResponseCode.ILLEGAL_STATE);
            assertThat(connection.openConsumer(2, queue, named, " ", null, false).code()).as("%s, blank name",
                    named).isEqualTo(ResponseCode.ILLEGAL_STATE);
        }
    }

    @Test
    void aSecondFetchWhileOneIsHeldIsRefusedAndTheHeldOneStillAnswers() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);
        CompletableFuture<RemotingCommand> held = connection.fetchAsync(1, 10, 30_000);
        connection.awaitHeldFetch(1);

        assertThat(connection.fetchAsync(1, 10, 1_000).get(5, TimeUnit.SECONDS).code())
                .isEqualTo(ResponseCode.ILLEGAL_STATE);

        connection.send(queue, 0, "for the held one");
        assertThat(bodies(connection.deliveries(1, held.get(5, TimeUnit.SECONDS)))).containsExactly("for the held one");
    }

    @Test
    void fetchLimitsOutOfRangeAreClamped() throws Exception {
        String queue = topic("q", 1);
        JmsWire connection = connection("a");
        connection.openQueue(1, queue);
        connection.send(queue, 0, "m0");
        connection.send(queue, 0, "m1");
        broker.awaitDispatched(queue, 0, 2);

        assertThat(connection.fetch(1, -5, -1)).as("at least one, answered at once").hasSize(1);
        assertThat(connection.fetch(1, 0, 0)).hasSize(1);

        // a wait beyond what the broker holds is held no longer than its limit, and answered by an arrival
        CompletableFuture<RemotingCommand> held = connection.invokeAsync(RequestCode.JMS_FETCH,
                new ConsumerHeader(connection.connectionId(), 1, 1, Long.MAX_VALUE).toExtFields(), null, 60_000);
        connection.awaitHeldFetch(1);
        connection.send(queue, 0, "m2");
        assertThat(bodies(connection.deliveries(1, held.get(5, TimeUnit.SECONDS)))).containsExactly("m2");
    }

    @Test
    void invalidTopicNamesAndBrokerTopicsAreInvalidDestinations() throws Exception {
        JmsWire connection = connection("a");
        List<String> invalid = List.of("has space", "bang!", "", "x".repeat(128), "TBW102", "%RETRY%group",
                "%DLQ%group");
        long consumerId = 1;
        for (String topic : invalid) {
            for (SubscriptionType type : List.of(QUEUE, PRIVATE, SHARED)) {
                RemotingCommand response = connection.openConsumer(consumerId++, topic, type,
                        type.named() ? unique("s") : null, null, false);
                assertThat(response.code()).as("%s on '%s': %s", type, topic, response.remark())
                        .isEqualTo(ResponseCode.INVALID_DESTINATION);
            }
        }
    }

    @Test
    void theDelayTopicAndRocketMqSystemTopicsAreInvalidDestinations() throws Exception {
        JmsWire connection = connection("a");
        long consumerId = 1;
        for (String topic : List.of("SCHEDULE_TOPIC_XXXX", "rmq_sys_trace")) {
            RemotingCommand response = connection.openConsumer(consumerId++, topic, QUEUE, null, null, false);
            assertThat(response.code()).as("%s: %s", topic, response.remark())
                    .isEqualTo(ResponseCode.INVALID_DESTINATION);
        }
    }

    @Test
    void anInvalidSelectorIsRefusedForEveryTypeAndABlankOneSelectsEverything() throws Exception {
        String topic = topic("t", 1);
        JmsWire connection = connection("a", unique("client"));
        long consumerId = 1;
        for (SubscriptionType type : SubscriptionType.values()) {
            for (String selector : List.of("this is not SQL", "color = 'red", "a LIKE 5", "JMSType IN (1, 2)")) {
                RemotingCommand response = connection.openConsumer(consumerId++, topic, type,
                        type.named() ? unique("s" + consumerId) : null, selector, false);
                assertThat(response.code()).as("%s with '%s'", type, selector)
                        .isEqualTo(ResponseCode.INVALID_SELECTOR);
                assertThat(response.remark()).as("names the position").contains("position");
            }
        }
        succeeded(connection.openConsumer(consumerId, topic, QUEUE, null, "  ", false));
        connection.send(topic, 0, "selected");
        assertThat(bodies(connection.fetchExactly(consumerId, 1))).containsExactly("selected");
    }

    @Test
    void connectionsThatCannotBeOpenedAreRefused() throws Exception {
        JmsWire first = connection("a");
        JmsWire sameIdElsewhere = new JmsWire(broker.broker().address(), first.connectionId());
        try {
            assertThat(sameIdElsewhere.connect(null).code()).as("a connection ID open on another channel")
                    .isEqualTo(ResponseCode.ILLEGAL_STATE);
        } finally {
            sameIdElsewhere.close();
        }
        succeeded(first.connect(null));

        // an invalid client ID: INVALID_CLIENT_ID, which the provider turns into InvalidClientIDException
        for (String clientId : List.of("with:colon", " ", "x".repeat(256))) {
            assertThat(unconnected("c" + clientId.length()).connect(clientId).code()).as("'%s'", clientId)
                    .isEqualTo(ResponseCode.INVALID_CLIENT_ID);
        }
        RemotingCommand noConnectionId = first.invoke(RequestCode.JMS_CONNECT, Map.of(), null);
        assertThat(noConnectionId.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    }

    /** Tag bodies that do not parse as {@code DeliveryTags}, each with the subscription's real key. */
    private static List<byte[]> malformedTagBodies(String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] tooShort = {0, 0, 1};
        byte[] hugeGroupCount = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        byte[] negativeGroupCount = ByteBuffer.allocate(4).putInt(-1).array();
        byte[] keyBeyondBody = ByteBuffer.allocate(4 + 2 + 3).putInt(1).putShort((short) 500).put(new byte[3]).array();
        byte[] hugeTagCount = ByteBuffer.allocate(4 + 2 + keyBytes.length + 4).putInt(1)
                .putShort((short) keyBytes.length).put(keyBytes).putInt(1 << 30).array();
        byte[] negativeQueueId = oneTag(keyBytes, -1, 0, 0);
        byte[] negativeOffset = oneTag(keyBytes, 0, -5, 0);
        byte[] trailingBytes = oneTag(keyBytes, 0, 0, 3);
        return List.of(tooShort, hugeGroupCount, negativeGroupCount, keyBeyondBody, hugeTagCount, negativeQueueId,
                negativeOffset, trailingBytes);
    }

    private static byte[] oneTag(byte[] key, int queueId, long offset, int trailing) {
        return ByteBuffer.allocate(4 + 2 + key.length + 4 + 12 + trailing).putInt(1).putShort((short) key.length)
                .put(key).putInt(1).putInt(queueId).putLong(offset).array();
    }
}
