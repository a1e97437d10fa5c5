package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.started;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1, 4.1.6 "QueueBrowser": a browser shows the messages a consumer of the queue could receive now
 * (not expired, due, matching its selector, not delivered and unacknowledged), in delivery order, read from the
 * broker page by page, and consumes nothing.
 */
class QueueBrowserTest {
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

    private static List<String> texts(Enumeration<?> messages) throws JMSException {
        List<String> out = new ArrayList<>();
        for (Object m : Collections.list(messages)) {
            out.add(((TextMessage) m).getText());
        }
        return out;
    }

    private static List<Message> messages(QueueBrowser browser) throws JMSException {
        List<Message> out = new ArrayList<>();
        for (Object m : Collections.list(browser.getEnumeration())) {
            out.add((Message) m);
        }
        return out;
    }

    private static void send(Session session, Queue queue, String text, int priority) throws JMSException {
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage(text), DeliveryMode.PERSISTENT, priority, 0);
        producer.close();
    }

    @Test
    void showsThePriorityFirstThenArrivalAndConsumesNothing() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("browse"));
            send(session, queue, "low", 1);
            send(session, queue, "normal-1", 4);
            send(session, queue, "urgent", 9);
            send(session, queue, "normal-2", 4);

            QueueBrowser browser = session.createBrowser(queue);
            assertThat(browser.getQueue()).isEqualTo(queue);
            assertThat(browser.getMessageSelector()).isNull();
            List<Message> browsed = messages(browser);
            assertThat(texts(Collections.enumeration(browsed))).containsExactly("urgent", "normal-1", "normal-2",
                    "low");
            assertThat(browsed.get(0).getJMSRedelivered()).isFalse();
            assertThat(texts(browser.getEnumeration())).as("a second enumeration shows the same")
                    .hasSize(4);
            browser.close();

            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < 4; i++) {
                Message received = consumer.receive(10_000);
                assertThat(received).isNotNull();
                assertThat(received.getJMSRedelivered()).as("browsing delivered nothing").isFalse();
                assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
            }
            assertThat(texts(session.createBrowser(queue).getEnumeration())).isEmpty();
        }
    }

    @Test
    void aSelectorBrowsesOnlyWhatItSelects() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("browse"));
            MessageProducer producer = session.createProducer(queue);
            for (String color : List.of("red", "blue", "red")) {
                TextMessage m = session.createTextMessage(color);
                m.setStringProperty("color", color);
                producer.send(m);
            }
            QueueBrowser browser = session.createBrowser(queue, "color = 'red'");
            assertThat(browser.getMessageSelector()).isEqualTo("color = 'red'");
            assertThat(texts(browser.getEnumeration())).containsExactly("red", "red");
        }
    }

    @Test
    void pagesThroughMoreThanAThousandMessagesInOrder() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("browse"));
            MessageProducer producer = session.createProducer(queue);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                producer.send(session.createTextMessage("m" + i));
                sent.add("m" + i);
            }
            // the connection's prefetch (100) is the page size: twelve pages and more
            assertThat(texts(session.createBrowser(queue).getEnumeration())).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void aMessageDeliveredAndUnacknowledgedIsNotShownUntilItIsBack() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue queue = session.createQueue(unique("browse"));
            send(session, queue, "first", 4);
            send(session, queue, "second", 4);
            MessageConsumer consumer = session.createConsumer(queue);
            Message first = consumer.receive(10_000);
            assertThat(((TextMessage) first).getText()).isEqualTo("first");
            consumer.close();

            assertThat(texts(session.createBrowser(queue).getEnumeration())).as("first is being processed")
                    .doesNotContain("first").contains("second");

            session.recover();
            List<Message> browsed = messages(session.createBrowser(queue));
            assertThat(texts(Collections.enumeration(browsed))).containsExactly("first", "second");
            assertThat(browsed.get(0).getJMSRedelivered()).as("its next delivery is a redelivery").isTrue();
        }
    }

    @Test
    void browsingWhileAConsumerConsumesShowsEachMessageAtMostOnceInOrder() throws Exception {
        try (Connection connection = started(server); Connection consuming = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("browse"));
            MessageProducer producer = session.createProducer(queue);
            int count = 600;
            for (int i = 0; i < count; i++) {
                TextMessage m = session.createTextMessage("m" + i);
                m.setIntProperty("n", i);
                producer.send(m);
            }
            MessageConsumer consumer = consuming.createSession().createConsumer(queue);
            CompletableFuture<List<Integer>> consumed = CompletableFuture.supplyAsync(() -> {
                List<Integer> got = new ArrayList<>();
                try {
                    while (got.size() < count) {
                        Message m = consumer.receive(10_000);
                        if (m == null) {
                            break;
                        }
                        got.add(m.getIntProperty("n"));
                        assertThat(m.getJMSRedelivered()).isFalse();
                    }
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
                return got;
            });

            List<Integer> browsed = new ArrayList<>();
            for (Object m : Collections.list(session.createBrowser(queue).getEnumeration())) {
                browsed.add(((Message) m).getIntProperty("n"));
            }

            assertThat(consumed.get(30, TimeUnit.SECONDS)).hasSize(count).doesNotHaveDuplicates();
            assertThat(browsed).doesNotHaveDuplicates().isSorted();
            assertThat(browsed).allMatch(n -> n >= 0 && n < count);
        }
    }

    @Test
    void aBrowserOfAClosedConnectionOrItselfClosedThrowsIllegalState() throws Exception {
        Connection connection = started(server);
        Session session = connection.createSession();
        Queue queue = session.createQueue(unique("browse"));
        QueueBrowser browser = session.createBrowser(queue);
        QueueBrowser closedOne = session.createBrowser(queue);
        closedOne.close();
        assertThatThrownBy(closedOne::getEnumeration).isInstanceOf(IllegalStateException.class);

        connection.close();

        assertThatThrownBy(browser::getEnumeration).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(browser::getQueue).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.createBrowser(queue)).isInstanceOf(IllegalStateException.class);
        browser.close();
    }

    @Test
    void badArgumentsFailCreation() throws Exception {
        try (Connection connection = started(server)) {
            Session session = connection.createSession();
            Queue queue = session.createQueue(unique("browse"));
            assertThatThrownBy(() -> session.createBrowser(null)).isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> session.createBrowser(queue, "color ="))
                    .isInstanceOf(InvalidSelectorException.class);
        }
    }

    @Test
    void theSimplifiedApiBrowsesWithAndWithoutSelector() throws Exception {
        try (JMSContext context = factory(server).createContext()) {
            Queue queue = context.createQueue(unique("browse"));
            context.createProducer().setProperty("size", 1).send(queue, "small");
            context.createProducer().setProperty("size", 9).send(queue, "big");

            assertThat(texts(context.createBrowser(queue).getEnumeration())).containsExactly("small", "big");
            assertThat(texts(context.createBrowser(queue, "size > 5").getEnumeration())).containsExactly("big");
            assertThatThrownBy(() -> context.createBrowser(null))
                    .isInstanceOf(InvalidDestinationRuntimeException.class);
            assertThatThrownBy(() -> context.createBrowser(queue, "size >"))
                    .isInstanceOf(InvalidSelectorRuntimeException.class);
            Set<String> consumed = new HashSet<>();
            try (var consumer = context.createConsumer(queue)) {
                consumed.add(consumer.receiveBody(String.class, 10_000));
                consumed.add(consumer.receiveBody(String.class, 10_000));
            }
            assertThat(consumed).containsExactlyInAnyOrder("small", "big");
        }
    }
}
