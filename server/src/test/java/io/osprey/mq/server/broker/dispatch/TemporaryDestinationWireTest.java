package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.dispatch.TemporaryNames;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Temporary destinations over the wire (Jakarta Messaging 3.1, 6.2.2): owned by the connection that created them,
 * consumed by it alone, deleted with it, enforced by the broker whatever the client does.
 */
class TemporaryDestinationWireTest extends BrokerFixture {

    @Test
    void onlyTheOwningConnectionConsumesAndAnyConnectionSends() throws Exception {
        JmsWire owner = connection("owner");
        JmsWire other = connection("other");
        String queue = owner.createTemporary(true);
        assertThat(queue).startsWith(TemporaryNames.PREFIX);

        RemotingCommand refused = other.openConsumer(1, queue, SubscriptionType.QUEUE, null, null, false);
        assertThat(refused.code()).isEqualTo(ResponseCode.INVALID_DESTINATION);
        assertThat(refused.remark()).contains("belongs to another connection");

        owner.openQueue(1, queue);
        other.send(queue, 0, "reply");
        assertThat(bodies(owner.fetchExactly(1, 1))).containsExactly("reply");
    }

    @Test
    void aTemporaryTopicIsNotAQueueNorATemporaryQueueATopic() throws Exception {
        JmsWire owner = connection("owner");
        String topic = owner.createTemporary(false);
        String queue = owner.createTemporary(true);

        RemotingCommand asQueue = owner.openConsumer(1, topic, SubscriptionType.QUEUE, null, null, false);
        assertThat(asQueue.code()).isEqualTo(ResponseCode.INVALID_DESTINATION);
        assertThat(asQueue.remark()).contains("is a temporary topic, not a queue");
        assertThat(owner.openConsumer(2, queue, SubscriptionType.PRIVATE, null, null, false).code())
                .isEqualTo(ResponseCode.INVALID_DESTINATION);
        assertThat(owner.browseRaw(topic, null, null, 10).code()).isEqualTo(ResponseCode.INVALID_DESTINATION);

        owner.open(3, topic, SubscriptionType.PRIVATE, null);
        owner.openQueue(4, queue);
        assertThat(owner.browseAll(queue, null, 10)).isEmpty();
    }

    @Test
    void namesAreUniqueAcrossConnectionsAndKinds() throws Exception {
        JmsWire a = connection("a");
        JmsWire b = connection("b");
        assertThat(java.util.Set.of(a.createTemporary(true), a.createTemporary(true), a.createTemporary(false),
                b.createTemporary(true))).hasSize(4);
    }

    @Test
    void deleteIsRefusedWhileAConsumerIsOpenAndToOtherConnections() throws Exception {
        JmsWire owner = connection("owner");
        JmsWire other = connection("other");
        String queue = owner.createTemporary(true);
        owner.openQueue(1, queue);

        RemotingCommand busy = owner.deleteTemporaryRaw(queue);
        assertThat(busy.code()).isEqualTo(ResponseCode.ILLEGAL_STATE);
        assertThat(busy.remark()).contains("open consumer");
        assertThat(other.deleteTemporaryRaw(queue).code()).isEqualTo(ResponseCode.ILLEGAL_STATE);

        owner.closeConsumer(1, java.util.List.of());
        succeeded(owner.deleteTemporaryRaw(queue));
        assertDeleted(owner, queue);
    }

    @Test
    void aDeletedTemporaryTopicsStoredMessagesAreUnreachable() throws Exception {
        JmsWire owner = connection("owner");
        String topic = owner.createTemporary(false);
        owner.open(1, topic, SubscriptionType.PRIVATE, null);
        owner.send(topic, 0, "kept until deleted");
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().store().maxOffset(topic, 0) == 1);
        owner.closeConsumer(1, java.util.List.of());

        succeeded(owner.deleteTemporaryRaw(topic));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().store().maxOffset(topic, 0) == 0);
        assertDeleted(owner, topic);
    }

    @Test
    void closingTheConnectionDeletesItsTemporaryDestinations() throws Exception {
        JmsWire owner = connection("owner");
        JmsWire other = connection("other");
        String queue = owner.createTemporary(true);
        owner.openQueue(1, queue);
        other.send(queue, 0, "never read");

        owner.disconnect();

        await().atMost(Duration.ofSeconds(5)).until(() -> other.sendRaw(queue, 0, "late", Map.of()).code()
                == ResponseCode.TOPIC_NOT_EXIST);
        assertThat(other.openConsumer(1, queue, SubscriptionType.QUEUE, null, null, false).code())
                .isEqualTo(ResponseCode.INVALID_DESTINATION);
    }

    @Test
    void losingTheChannelDeletesItsTemporaryDestinations() throws Exception {
        JmsWire owner = connection("owner");
        JmsWire other = connection("other");
        String queue = owner.createTemporary(true);
        other.send(queue, 0, "before");
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().store().maxOffset(queue, 0) == 1);

        owner.dropChannel();

        await().atMost(Duration.ofSeconds(5)).until(() -> other.sendRaw(queue, 0, "late", Map.of()).code()
                == ResponseCode.TOPIC_NOT_EXIST);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().store().maxOffset(queue, 0) == 0);
    }

    @Test
    void aSendNeverCreatesATemporaryDestinationAndTheBrokerServesAfterBadRequests() throws Exception {
        JmsWire connection = connection("a");
        String invented = TemporaryNames.newName(true);

        RemotingCommand send = connection.sendRaw(invented, 0, "x", Map.of());
        assertThat(send.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(connection.openConsumer(1, invented, SubscriptionType.QUEUE, null, null, false).code())
                .isEqualTo(ResponseCode.INVALID_DESTINATION);
        assertThat(connection.deleteTemporaryRaw(invented).code()).isEqualTo(ResponseCode.INVALID_DESTINATION);
        assertThat(connection.invoke(io.osprey.mq.protocol.command.RequestCode.JMS_CREATE_TEMPORARY,
                Map.of("connectionId", connection.connectionId(), "kind", "table"), null).code())
                .isNotEqualTo(ResponseCode.SUCCESS);
        assertThat(broker.broker().store().maxOffset(invented, 0)).isZero();

        assertThat(connection.createTemporary(true)).startsWith(TemporaryNames.PREFIX);
    }

    /** A deleted destination: sends are refused and a consumer of its former owner is too. */
    private static void assertDeleted(JmsWire owner, String name) throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> owner.sendRaw(name, 0, "late", Map.of()).code()
                == ResponseCode.TOPIC_NOT_EXIST);
        assertThat(owner.openConsumer(2, name, SubscriptionType.QUEUE, null, null, false).code())
                .isEqualTo(ResponseCode.INVALID_DESTINATION);
    }
}
