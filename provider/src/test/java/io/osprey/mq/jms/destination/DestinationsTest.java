package io.osprey.mq.jms.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Destinations as administered objects (spec chapter 5 "Administered objects": serializable, referenceable, safe to
 * share) and temporary destinations (4.1.5, 4.2.6, 6.2.2: only the creating connection deletes them).
 */
class DestinationsTest {

    @Test
    void queuesAndTopicsNameTheirRocketMqTopic() throws JMSException {
        Queue queue = new OspreyQueue("orders");
        Topic topic = new OspreyTopic("prices");
        TemporaryQueue tq = new OspreyTemporaryQueue("tq1", null);
        TemporaryTopic tt = new OspreyTemporaryTopic("tt1", null);

        assertThat(queue.getQueueName()).isEqualTo("orders");
        assertThat(topic.getTopicName()).isEqualTo("prices");
        assertThat(tq.getQueueName()).isEqualTo("tq1");
        assertThat(tt.getTopicName()).isEqualTo("tt1");
        assertThat(queue).hasToString("queue://orders");
        assertThat(topic).hasToString("topic://prices");
        assertThat(tq).hasToString("temp-queue://tq1");
        assertThat(tt).hasToString("temp-topic://tt1");
    }

    @Test
    void equalityIsKindAndName() throws JMSException {
        TemporaryDestinationOwner owner = d -> { };

        assertThat(new OspreyQueue("a")).isEqualTo(new OspreyQueue("a")).hasSameHashCodeAs(new OspreyQueue("a"))
                .isNotEqualTo(new OspreyQueue("b")).isNotEqualTo(new OspreyTopic("a"))
                .isNotEqualTo(new OspreyTemporaryQueue("a", null));
        assertThat(new OspreyTemporaryQueue("a", owner)).isEqualTo(new OspreyTemporaryQueue("a", null))
                .isNotEqualTo(new OspreyTemporaryTopic("a", owner));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Orders_2024-01", "%DLQ%group", "a|b", "x%y"})
    void acceptsTheBrokersTopicNames(String name) throws JMSException {
        assertThat(new OspreyQueue(name).name()).isEqualTo(name);
    }

    @Test
    void refusesNamesTheBrokerRefusesSayingWhy() {
        assertInvalid(null, "the destination name is empty");
        assertInvalid("", "the destination name is empty");
        assertInvalid("x".repeat(128), "longer than 127 characters: 128");
        assertInvalid("a.b", "[a.b] contains characters outside ^[%|a-zA-Z0-9_-]+$");
        assertInvalid("a b", "contains characters outside");
        assertInvalid("caf\u00e9", "contains characters outside");
        assertInvalid("queue://x", "contains characters outside");
        assertInvalid("TBW102", "a topic the broker keeps for itself");
        assertInvalid("SCHEDULE_TOPIC_XXXX", "a topic the broker keeps for itself");
        assertInvalid("rmq_sys_TRACE", "a topic the broker keeps for itself");
        assertThat(catchInvalid(() -> new OspreyTopic("a/b"))).hasMessageContaining("[a/b]");
        assertThat(catchInvalid(() -> new OspreyTemporaryQueue("", d -> { }))).hasMessageContaining("empty");
        assertThat(catchInvalid(() -> new OspreyTemporaryTopic("#", null))).hasMessageContaining("[#]");
    }

    @Test
    void aNameOf127CharactersIsFine() throws JMSException {
        assertThat(new OspreyTopic("x".repeat(127)).name()).hasSize(127);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theWireFormParsesBackToAnEqualDestination(Kind kind) throws JMSException {
        OspreyDestination destination = OspreyDestination.of(kind, "dest-1");

        OspreyDestination parsed = OspreyDestination.parse(destination.format());

        assertThat(parsed).isEqualTo(destination).isExactlyInstanceOf(destination.getClass());
        assertThat(parsed.kind()).isEqualTo(kind);
    }

    @Test
    void aTemporaryDestinationReadFromTheWireHasNoOwner() throws JMSException {
        OspreyTemporaryDestination parsed = (OspreyTemporaryDestination) OspreyDestination.parse("temp-queue://r1");

        assertThat(parsed.hasOwner()).isFalse();
        assertThat(parsed.isOwnedBy(d -> { })).isFalse();
        assertThatThrownBy(parsed::delete).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only the connection that created it can delete it");
    }

    @Test
    void badWireFormsAreInvalidDestinations() {
        assertThat(catchInvalid(() -> OspreyDestination.parse("orders"))).hasMessageContaining("does not start with")
                .hasCauseInstanceOf(io.osprey.mq.protocol.jms.MalformedJmsMessageException.class);
        assertThat(catchInvalid(() -> OspreyDestination.parse("queue://a.b"))).hasMessageContaining("[a.b]");
        assertThat(catchInvalid(() -> OspreyDestination.parse("topic://"))).hasMessageContaining("empty name");
    }

    @Test
    void theOwnerDeletesAndOnlyTheOwnerOwns() throws JMSException {
        List<OspreyTemporaryDestination> deleted = new ArrayList<>();
        TemporaryDestinationOwner owner = deleted::add;
        TemporaryDestinationOwner other = d -> { };
        OspreyTemporaryTopic topic = new OspreyTemporaryTopic("t1", owner);

        assertThat(topic.isOwnedBy(owner)).isTrue();
        assertThat(topic.isOwnedBy(other)).isFalse();
        assertThat(topic.isDeleted()).isFalse();
        topic.delete();

        assertThat(deleted).containsExactly(topic);
        assertThat(topic.isDeleted()).isTrue();
        assertThat(topic).hasToString("temp-topic://t1 (deleted)");
    }

    @Test
    void aDeleteTheOwnerRefusesLeavesTheDestinationInPlace() throws JMSException {
        OspreyTemporaryQueue queue = new OspreyTemporaryQueue("q1", d -> {
            throw new JMSException("temporary queue q1 has 1 consumer");
        });

        assertThatThrownBy(queue::delete).isInstanceOf(JMSException.class).hasMessageContaining("1 consumer");
        assertThat(queue.isDeleted()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void destinationsSerializeToEqualOnes(Kind kind) throws Exception {
        OspreyDestination destination = kind.isTemporary()
                ? (kind.isQueue() ? new OspreyTemporaryQueue("s1", d -> { }) : new OspreyTemporaryTopic("s1", d -> { }))
                : OspreyDestination.of(kind, "s1");

        Object copy = deserialize(serialize(destination));

        assertThat(copy).isEqualTo(destination).isExactlyInstanceOf(destination.getClass());
        if (copy instanceof OspreyTemporaryDestination temporary) {
            assertThat(temporary.hasOwner()).as("the owner is this process's connection, not serialized").isFalse();
        }
    }

    @Test
    void aSerializedFormWithAnInvalidNameIsRefused() throws Exception {
        byte[] bytes = serialize(new OspreyQueue("abcxyz"));
        String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] tampered = latin1.replace("abcxyz", "abc.yz").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> deserialize(tampered)).isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("[abc.yz]");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void referencesRebuildEqualDestinations(Kind kind) throws Exception {
        OspreyDestination destination = OspreyDestination.of(kind, "ref-1");
        Reference reference = destination.getReference();

        Object rebuilt = new OspreyDestinationFactory().getObjectInstance(reference, null, null, null);

        assertThat(reference.getFactoryClassName()).isEqualTo(OspreyDestinationFactory.class.getName());
        assertThat(reference.getClassName()).isEqualTo(destination.getClass().getName());
        assertThat(rebuilt).isEqualTo(destination).isExactlyInstanceOf(destination.getClass());
    }

    @Test
    void referencesToOtherProvidersDestinationsAreNotOurs() throws Exception {
        OspreyDestinationFactory factory = new OspreyDestinationFactory();
        Reference foreign = new Reference("org.apache.activemq.artemis.jms.client.ActiveMQQueue",
                new StringRefAddr("name", "orders"), "org.example.Factory", null);

        assertThat(factory.getObjectInstance(foreign, null, null, null)).isNull();
        assertThat(factory.getObjectInstance("queue://orders", null, null, null)).isNull();
        assertThat(factory.getObjectInstance(null, null, null, null)).isNull();
    }

    @Test
    void anOspreyReferenceWithABadNameIsAnInvalidDestination() {
        Reference bad = new Reference(OspreyQueue.class.getName(), new StringRefAddr("name", "a b"),
                OspreyDestinationFactory.class.getName(), null);
        Reference nameless = new Reference(OspreyTopic.class.getName(), OspreyDestinationFactory.class.getName(),
                null);

        assertThatThrownBy(() -> new OspreyDestinationFactory().getObjectInstance(bad, null, null, null))
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("[a b]");
        assertThatThrownBy(() -> new OspreyDestinationFactory().getObjectInstance(nameless, null, null, null))
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("empty");
    }

    private static void assertInvalid(String name, String message) {
        for (Kind kind : Kind.values()) {
            assertThat(catchInvalid(() -> OspreyDestination.of(kind, name))).as(kind + " " + name)
                    .hasMessageContaining(message);
        }
    }

    private interface Creation {
        Object create() throws JMSException;
    }

    private static InvalidDestinationException catchInvalid(Creation creation) {
        try {
            Object created = creation.create();
            throw new AssertionError("expected InvalidDestinationException, created " + created);
        } catch (InvalidDestinationException e) {
            return e;
        } catch (JMSException e) {
            throw new AssertionError("expected InvalidDestinationException, got " + e, e);
        }
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
