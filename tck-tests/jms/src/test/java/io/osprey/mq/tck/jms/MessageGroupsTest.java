package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Section 3.5.9 "Jakarta Messaging defined properties": {@code JMSXGroupID} and {@code JMSXGroupSeq} are the properties
 * clients group messages with, and every provider must support them. The spec leaves their semantics to the
 * provider; these tests hold it to the README's ("Message groups"): a group's messages go to one consumer of the
 * queue or shared subscription at a time, in send order and regardless of priority, and the group moves to another
 * consumer when its consumer closes and its session no longer holds any of the group's messages.
 */
class MessageGroupsTest extends JmsTck {
    private static void sendGrouped(MessageProducer producer, Session session, String group, int seq)
            throws JMSException {
        TextMessage message = session.createTextMessage(group + seq);
        message.setStringProperty("JMSXGroupID", group);
        message.setIntProperty("JMSXGroupSeq", seq);
        producer.send(message);
    }

    private static String text(Message message) throws JMSException {
        return message == null ? null : ((TextMessage) message).getText();
    }

    private static List<String> texts(MessageConsumer consumer, int count) throws JMSException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(text(expect(consumer)));
        }
        return texts;
    }

    @Test
    void aGroupStaysWithTheConsumerThatTookItsFirstMessage() throws Exception {
        Queue queue = newQueue();
        Session producing = session();
        MessageProducer producer = producing.createProducer(queue);
        MessageConsumer first = session().createConsumer(queue);
        sendGrouped(producer, producing, "A", 1);
        assertThat(text(expect(first))).isEqualTo("A1");
        MessageConsumer second = session().createConsumer(queue);
        for (int seq = 2; seq <= 20; seq++) {
            sendGrouped(producer, producing, "A", seq);
        }
        producer.send(producing.createTextMessage("ungrouped"));
        // the ungrouped message may go to either consumer; none of A may go to the second
        List<String> firstGot = new ArrayList<>();
        List<String> secondGot = new ArrayList<>();
        for (Message m = second.receive(NO_MESSAGE_MILLIS); m != null; m = second.receive(NO_MESSAGE_MILLIS)) {
            secondGot.add(text(m));
        }
        for (Message m = first.receive(NO_MESSAGE_MILLIS); m != null; m = first.receive(NO_MESSAGE_MILLIS)) {
            firstGot.add(text(m));
        }
        List<String> expectedA = new ArrayList<>();
        for (int seq = 2; seq <= 20; seq++) {
            expectedA.add("A" + seq);
        }
        assertThat(secondGot).as("the second consumer got").doesNotContainAnyElementsOf(expectedA);
        assertThat(firstGot).filteredOn(text -> text.startsWith("A")).containsExactlyElementsOf(expectedA);
        assertThat(firstGot.size() + secondGot.size()).isEqualTo(20);
    }

    /**
     * Listeners on {@code consumers}, each on its own session, recording what each one got; returns once
     * {@code expected} messages arrived in all.
     */
    private static List<List<String>> receiveConcurrently(List<MessageConsumer> consumers, int expected)
            throws Exception {
        List<List<String>> received = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(expected);
        for (MessageConsumer consumer : consumers) {
            List<String> texts = Collections.synchronizedList(new ArrayList<>());
            received.add(texts);
            consumer.setMessageListener(message -> {
                try {
                    texts.add(text(message));
                } catch (JMSException e) {
                    texts.add(e.toString());
                }
                all.countDown();
            });
        }
        assertThat(all.await(RECEIVE_MILLIS, TimeUnit.MILLISECONDS)).as(expected + " messages arrived").isTrue();
        return received;
    }

    /** Each group went to exactly one of the consumers, in send order ({@code <group>1} to {@code <group>count}). */
    private static void assertEachGroupWholeAndInOrderAtOneConsumer(List<List<String>> received, List<String> groups,
            int count) {
        for (String group : groups) {
            List<String> expected = new ArrayList<>();
            for (int seq = 1; seq <= count; seq++) {
                expected.add(group + seq);
            }
            List<List<String>> holders = received.stream()
                    .map(texts -> texts.stream().filter(text -> text.startsWith(group)).toList())
                    .filter(ofGroup -> !ofGroup.isEmpty()).toList();
            assertThat(holders).as("the consumers' shares of group " + group).hasSize(1);
            assertThat(holders.get(0)).as("group " + group + " in send order").containsExactlyElementsOf(expected);
        }
    }

    @Test
    void interleavedGroupsEachArriveWholeAndInOrderAtOneConsumer() throws Exception {
        Queue queue = newQueue();
        List<MessageConsumer> consumers = List.of(session().createConsumer(queue), session().createConsumer(queue),
                session().createConsumer(queue));
        Session producing = session();
        MessageProducer producer = producing.createProducer(queue);
        List<String> groups = List.of("red", "green", "blue", "white");
        for (int seq = 1; seq <= 10; seq++) {
            for (String group : groups) {
                sendGrouped(producer, producing, group, seq);
            }
        }
        assertEachGroupWholeAndInOrderAtOneConsumer(receiveConcurrently(consumers, 40), groups, 10);
    }

    @Test
    void aGroupKeepsItsSendOrderWhateverThePriorities() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        MessageProducer producer = session.createProducer(queue);
        int[] priorities = {0, 9, 4, 7, 1};
        for (int seq = 1; seq <= priorities.length; seq++) {
            TextMessage message = session.createTextMessage("G" + seq);
            message.setStringProperty("JMSXGroupID", "G");
            producer.send(message, DeliveryMode.PERSISTENT, priorities[seq - 1], 0);
        }
        assertThat(texts(session.createConsumer(queue), 5)).containsExactly("G1", "G2", "G3", "G4", "G5");
    }

    @Test
    void aGroupMovesToAnotherConsumerWhenItsSessionCloses() throws Exception {
        Queue queue = newQueue();
        Session producing = session();
        MessageProducer producer = producing.createProducer(queue);
        for (int seq = 1; seq <= 5; seq++) {
            sendGrouped(producer, producing, "A", seq);
        }
        Session firstSession = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer first = firstSession.createConsumer(queue);
        expect(first).acknowledge();
        Message unacknowledged = expect(first);
        assertThat(text(unacknowledged)).isEqualTo("A2");
        MessageConsumer second = session().createConsumer(queue);
        assertThat(second.receive(NO_MESSAGE_MILLIS)).as("the group is the first consumer's").isNull();
        firstSession.close();
        Message moved = expect(second);
        assertThat(text(moved)).isEqualTo("A2");
        assertThat(moved.getJMSRedelivered()).isTrue();
        assertThat(texts(second, 3)).containsExactly("A3", "A4", "A5");
    }

    @Test
    void aGroupMovesToAnotherConsumerWhenItsConnectionCloses() throws Exception {
        Queue queue = newQueue();
        Session producing = session();
        MessageProducer producer = producing.createProducer(queue);
        for (int seq = 1; seq <= 3; seq++) {
            sendGrouped(producer, producing, "A", seq);
        }
        jakarta.jms.Connection firstConnection = connectionFactory().createConnection();
        firstConnection.start();
        MessageConsumer first = firstConnection.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(queue);
        assertThat(text(expect(first))).isEqualTo("A1");
        MessageConsumer second = session().createConsumer(queue);
        assertThat(second.receive(NO_MESSAGE_MILLIS)).isNull();
        firstConnection.close();
        assertThat(texts(second, 3)).containsExactly("A1", "A2", "A3");
    }

    /**
     * A consumer closed while its session still holds a message of the group (CLIENT_ACKNOWLEDGE, not yet
     * acknowledged): nobody takes the group until that message is settled; acknowledging it after the close (8.8
     * allows that) lets the next consumer take the group from the following message on.
     */
    @Test
    void aClosedConsumersGroupWaitsUntilItsSessionSettlesTheGroupsMessages() throws Exception {
        Queue queue = newQueue();
        Session producing = session();
        MessageProducer producer = producing.createProducer(queue);
        for (int seq = 1; seq <= 4; seq++) {
            sendGrouped(producer, producing, "A", seq);
        }
        Session firstSession = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer first = firstSession.createConsumer(queue);
        Message held = expect(first);
        assertThat(text(held)).isEqualTo("A1");
        first.close();
        MessageConsumer second = session().createConsumer(queue);
        assertThat(second.receive(NO_MESSAGE_MILLIS)).as("A1 is still held by the first session").isNull();
        held.acknowledge();
        assertThat(texts(second, 3)).containsExactly("A2", "A3", "A4");
        assertThat(second.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void groupsGoEachToOneConsumerOfASharedSubscription() throws Exception {
        Topic topic = newTopic();
        String name = unique("shared");
        List<MessageConsumer> consumers = List.of(session().createSharedConsumer(topic, name),
                session().createSharedConsumer(topic, name));
        Session producing = session();
        MessageProducer producer = producing.createProducer(topic);
        List<String> groups = List.of("S", "T", "U");
        for (int seq = 1; seq <= 10; seq++) {
            for (String group : groups) {
                sendGrouped(producer, producing, group, seq);
            }
        }
        assertEachGroupWholeAndInOrderAtOneConsumer(receiveConcurrently(consumers, 30), groups, 10);
    }
}
