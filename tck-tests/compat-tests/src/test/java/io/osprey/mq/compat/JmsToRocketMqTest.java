package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.JmsClients;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.Received;
import io.osprey.mq.compat.support.SharedClusterTest;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages of Osprey's JMS provider as the stock {@code DefaultMQPushConsumer} and {@code DefaultLitePullConsumer}
 * see them (the README's "From JMS to RocketMQ"): the body, every header and property by its JMS name as a string,
 * the JMS id as msgId; and a RocketMQ consumer group reads a JMS queue's topic besides its JMS consumers.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JmsToRocketMqTest extends SharedClusterTest {
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private JmsClients jms;
    private Session session;

    @BeforeEach
    void openJms() throws Exception {
        jms = new JmsClients(cluster.namesrvAddr());
        session = jms.connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void closeJms() throws JMSException {
        jms.close();
    }

    @Test
    void aTextMessageReachesAPushConsumerWithEveryHeaderAndPropertyAsAString() throws Exception {
        Queue queue = session.createQueue(Names.unique("j2r_text"));
        MessageProducer producer = session.createProducer(queue);
        TextMessage sent = session.createTextMessage("h\u00e9llo \ud83d\ude00");
        sent.setIntProperty("count", 3);
        sent.setLongProperty("big", 1L << 40);
        sent.setDoubleProperty("ratio", 0.5);
        sent.setFloatProperty("f", 1.5f);
        sent.setBooleanProperty("vip", true);
        sent.setByteProperty("b", (byte) -7);
        sent.setShortProperty("s", (short) 300);
        sent.setStringProperty("note", "n");
        sent.setJMSCorrelationID("corr-1");
        sent.setJMSType("order.created");
        producer.send(sent, jakarta.jms.DeliveryMode.PERSISTENT, 7, 0);

        Received received = new Received();
        DefaultMQPushConsumer consumer = clients.pushConsumer(Names.unique("j2r_push"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(queue.getQueueName(), "*");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        await("the push consumer gets the JMS message").atMost(AT_MOST).until(() -> received.deliveries() >= 1);

        MessageExt m = received.messages().get(0);
        assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("h\u00e9llo \ud83d\ude00");
        assertThat("ID:" + m.getMsgId()).isEqualTo(sent.getJMSMessageID());
        assertThat(m.getTopic()).isEqualTo(queue.getQueueName());
        Map<String, String> p = m.getProperties();
        assertThat(p).containsEntry("count", "3").containsEntry("big", Long.toString(1L << 40))
                .containsEntry("ratio", "0.5").containsEntry("f", "1.5").containsEntry("vip", "true")
                .containsEntry("b", "-7").containsEntry("s", "300").containsEntry("note", "n")
                .containsEntry("JMSPriority", "7").containsEntry("JMSCorrelationID", "corr-1")
                .containsEntry("JMSType", "order.created").containsEntry("JMSDeliveryMode", "PERSISTENT")
                .containsEntry("JMSDestination", "queue://" + queue.getQueueName())
                .containsEntry("JMSTimestamp", Long.toString(sent.getJMSTimestamp()))
                .containsEntry("JMSDeliveryTime", Long.toString(sent.getJMSDeliveryTime()))
                .containsEntry("OSPREY_BODY", "text")
                .doesNotContainKeys("JMSExpiration", "JMSReplyTo", "JMSXDeliveryCount", "TAGS", "KEYS");
        assertThat(p.get("OSPREY_TYPES").split(",")).containsExactlyInAnyOrder("Icount", "Jbig", "Dratio", "Ff",
                "Zvip", "Bb", "Ss");
        assertThat(m.getUserProperty("count")).isEqualTo("3");
        assertThat(m.getTags()).isNull();
    }

    /** README "Property types": what a RocketMQ property cannot hold travels escaped, the rest as it is. */
    @Test
    void aPropertyWithTheRocketMqSeparatorsReachesAPushConsumerEscapedBesideUnchangedOnes() throws Exception {
        Queue queue = session.createQueue(Names.unique("j2r_escaped"));
        MessageProducer producer = session.createProducer(queue);
        TextMessage sent = session.createTextMessage("escaped");
        sent.setStringProperty("awkward", "a\u0001b\u0002c");
        sent.setStringProperty("plain", "C:\\dir");
        producer.send(sent);

        Received received = new Received();
        DefaultMQPushConsumer consumer = clients.pushConsumer(Names.unique("j2r_escaped_push"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(queue.getQueueName(), "*");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        await("the push consumer gets the JMS message").atMost(AT_MOST).until(() -> received.deliveries() >= 1);

        MessageExt m = received.messages().get(0);
        assertThat(m.getUserProperty("awkward")).isEqualTo("a\\u0001b\\u0002c");
        assertThat(m.getUserProperty("plain")).isEqualTo("C:\\dir");
        assertThat(m.getUserProperty("OSPREY_TYPES")).isEqualTo("XTawkward");
    }

    @Test
    void bytesAndMapMessagesReachALitePullConsumerAsTheirDocumentedBodies() throws Exception {
        Queue queue = session.createQueue(Names.unique("j2r_lite"));
        MessageProducer producer = session.createProducer(queue);
        BytesMessage bytes = session.createBytesMessage();
        bytes.writeBytes(new byte[] {0, 1, (byte) 0xFE});
        bytes.setStringProperty("kind", "bytes");
        bytes.setJMSCorrelationIDAsBytes(new byte[] {1, 2, (byte) 0xFF});
        Queue replies = session.createQueue("replies");
        bytes.setJMSReplyTo(replies);
        MapMessage map = session.createMapMessage();
        map.setInt("n", 258);
        map.setStringProperty("kind", "map");
        producer.send(bytes);
        producer.send(map, jakarta.jms.DeliveryMode.NON_PERSISTENT, 2, 60_000);

        DefaultLitePullConsumer consumer = clients.litePullConsumerFromBeginning(Names.unique("j2r_lite_g"),
                queue.getQueueName());
        List<MessageExt> polled = new ArrayList<>();
        await("both JMS messages polled").atMost(AT_MOST).until(() -> {
            polled.addAll(consumer.poll(500));
            return polled.size() >= 2;
        });

        Map<String, MessageExt> byKind = polled.stream()
                .collect(Collectors.toMap(m -> m.getUserProperty("kind"), m -> m));
        assertThat(byKind.get("bytes").getBody()).containsExactly(0, 1, 0xFE);
        assertThat("ID:" + byKind.get("bytes").getMsgId()).isEqualTo(bytes.getJMSMessageID());
        assertThat(byKind.get("bytes").getUserProperty("OSPREY_BODY")).isEqualTo("bytes");
        assertThat(byKind.get("bytes").getUserProperty("JMSCorrelationIDAsBytes")).isEqualTo("AQL/");
        assertThat(byKind.get("bytes").getUserProperty("JMSCorrelationID")).isNull();
        assertThat(byKind.get("bytes").getUserProperty("JMSReplyTo")).isEqualTo("queue://replies");
        assertThat(byKind.get("map").getUserProperty("JMSDeliveryMode")).isEqualTo("NON_PERSISTENT");
        assertThat(byKind.get("map").getUserProperty("JMSPriority")).isEqualTo("2");
        assertThat(byKind.get("map").getUserProperty("JMSExpiration")).isEqualTo(Long.toString(map.getJMSExpiration()));
        // the README's example: {n=258} is 01 00000001 54 00000001 6e 49 00000102
        assertThat(HexFormat.of().formatHex(byKind.get("map").getBody())).isEqualTo("01000000015400000001"
                + "6e4900000102");
        assertThat("ID:" + byKind.get("map").getMsgId()).isEqualTo(map.getJMSMessageID());
        assertThat(byKind.get("map").getUserProperty("OSPREY_BODY")).isEqualTo("map");
    }

    @Test
    void aDelayedJmsMessageIsHeldForJmsConsumersButReadAtOnceByRocketMqConsumers() throws Exception {
        Queue queue = session.createQueue(Names.unique("j2r_delay"));
        MessageConsumer jmsConsumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(TimeUnit.HOURS.toMillis(1));
        TextMessage sent = session.createTextMessage("later");
        producer.send(sent);

        DefaultLitePullConsumer consumer = clients.litePullConsumerFromBeginning(Names.unique("j2r_delay_g"),
                queue.getQueueName());
        List<MessageExt> polled = new ArrayList<>();
        await("the delayed message polled").atMost(AT_MOST).until(() -> {
            polled.addAll(consumer.poll(500));
            return !polled.isEmpty();
        });

        assertThat(polled.get(0).getUserProperty("JMSDeliveryTime"))
                .isEqualTo(Long.toString(sent.getJMSDeliveryTime()));
        assertThat(sent.getJMSDeliveryTime()).isGreaterThan(System.currentTimeMillis() + 30 * 60_000L);
        assertThat(jmsConsumer.receive(1_000)).as("held for JMS consumers until due").isNull();
    }

    @Test
    void aTagsPropertySetByAJmsProducerFiltersForRocketMqSubscriptions() throws Exception {
        Queue queue = session.createQueue(Names.unique("j2r_tags"));
        MessageProducer producer = session.createProducer(queue);
        for (String tag : List.of("vip", "standard", "vip")) {
            TextMessage m = session.createTextMessage(tag);
            m.setStringProperty("TAGS", tag);
            producer.send(m);
        }
        TextMessage untagged = session.createTextMessage("none");
        producer.send(untagged);

        Received received = new Received();
        String group = Names.unique("j2r_tags_g");
        DefaultMQPushConsumer consumer = clients.pushConsumer(group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(queue.getQueueName(), "vip");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        await("the vip messages delivered").atMost(AT_MOST).until(() -> received.deliveries() >= 2);
        // once the group's committed offsets are past all four messages, nothing else can still come
        DefaultMQAdminExt admin = clients.admin();
        await("the group's offsets past every message").atMost(AT_MOST).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().untilAsserted(() -> {
                    var stats = admin.examineConsumeStats(group);
                    long stored = stats.getOffsetTable().values().stream().mapToLong(o -> o.getBrokerOffset()).sum();
                    assertThat(stored).isEqualTo(4);
                    assertThat(stats.computeTotalDiff()).isZero();
                });

        assertThat(received.messages()).hasSize(2).allSatisfy(m -> {
            assertThat(m.getTags()).isEqualTo("vip");
            assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("vip");
        });
    }

    @Test
    void aRocketMqGroupReadsAJmsQueueIndependentlyOfItsJmsConsumers() throws Exception {
        Queue queue = session.createQueue(Names.unique("j2r_both"));
        MessageConsumer jmsConsumer = session.createConsumer(queue);
        Received received = new Received();
        DefaultMQPushConsumer rocketMq = clients.pushConsumer(Names.unique("j2r_both_g"));
        rocketMq.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        rocketMq.subscribe(queue.getQueueName(), "*");
        rocketMq.registerMessageListener(received.listener());
        rocketMq.start();
        MessageProducer producer = session.createProducer(queue);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setStringProperty("KEYS", "k" + i);
            producer.send(m);
            ids.add(m.getJMSMessageID());
        }

        List<String> jmsReceived = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jakarta.jms.Message m = jmsConsumer.receive(20_000);
            assertThat(m).as("JMS message %d", i).isNotNull();
            jmsReceived.add(m.getJMSMessageID());
        }
        await("the RocketMQ group gets all three too").atMost(AT_MOST).until(() -> received.distinctKeys() == 3);

        assertThat(jmsReceived).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(received.messages().stream().map(m -> "ID:" + m.getMsgId()))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(received.keys()).containsExactlyInAnyOrder("k0", "k1", "k2");
    }
}
