package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Section 4.1.6 "QueueBrowser": a browser shows a queue's messages in the order a consumer would receive them and
 * removes none; with a selector it shows only the matching ones; it never shows a message before its delivery time;
 * an enumeration of a queue that changes meanwhile stays consistent; a closed browser (or one of a closed session)
 * refuses use (6.1.8, 6.2.15).
 */
class QueueBrowserTest extends JmsTck {
    private static void sendTexts(Session session, Queue queue, String... texts) throws Exception {
        MessageProducer producer = session.createProducer(queue);
        for (String text : texts) {
            producer.send(session.createTextMessage(text));
        }
        producer.close();
    }

    private static List<String> browse(QueueBrowser browser) throws Exception {
        List<String> texts = new ArrayList<>();
        Enumeration<?> messages = browser.getEnumeration();
        while (messages.hasMoreElements()) {
            texts.add(((TextMessage) messages.nextElement()).getText());
        }
        return texts;
    }

    private static List<String> receiveTexts(MessageConsumer consumer, int count) throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(((TextMessage) expect(consumer)).getText());
        }
        return texts;
    }

    @Test
    void browsingShowsTheMessagesInOrderAndConsumesNone() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        sendTexts(session, queue, "a", "b", "c");
        QueueBrowser browser = session.createBrowser(queue);
        assertThat(browser.getQueue()).isEqualTo(queue);
        assertThat(browser.getMessageSelector()).isNull();
        assertThat(browse(browser)).containsExactly("a", "b", "c");
        assertThat(browse(browser)).as("a second enumeration of the same browser").containsExactly("a", "b", "c");
        MessageConsumer consumer = session.createConsumer(queue);
        for (String text : List.of("a", "b", "c")) {
            Message received = expect(consumer);
            assertThat(((TextMessage) received).getText()).isEqualTo(text);
            assertThat(received.getJMSRedelivered()).as("browsing is not a delivery").isFalse();
            assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        }
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        assertThat(browse(browser)).isEmpty();
    }

    @Test
    void aBrowsedMessageCarriesItsHeadersPropertiesAndBody() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        TextMessage sent = session.createTextMessage("body");
        sent.setStringProperty("colour", "blue");
        sent.setIntProperty("size", 7);
        sent.setJMSCorrelationID("corr-1");
        sent.setJMSType("kind");
        session.createProducer(queue).send(sent, DeliveryMode.PERSISTENT, 6, 0);
        Enumeration<?> messages = session.createBrowser(queue).getEnumeration();
        TextMessage browsed = (TextMessage) messages.nextElement();
        assertThat(messages.hasMoreElements()).isFalse();
        assertThat(browsed.getText()).isEqualTo("body");
        assertThat(browsed.getJMSMessageID()).isEqualTo(sent.getJMSMessageID());
        assertThat(browsed.getJMSDestination()).isEqualTo(queue);
        assertThat(browsed.getJMSPriority()).isEqualTo(6);
        assertThat(browsed.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(browsed.getJMSType()).isEqualTo("kind");
        assertThat(browsed.getStringProperty("colour")).isEqualTo("blue");
        assertThat(browsed.getIntProperty("size")).isEqualTo(7);
    }

    @Test
    void browsingAnEmptyQueueShowsNothing() throws Exception {
        Enumeration<?> messages = session().createBrowser(newQueue()).getEnumeration();
        assertThat(messages.hasMoreElements()).isFalse();
        assertThatThrownBy(messages::nextElement).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aBrowserWithASelectorShowsOnlyMatchingMessagesAndConsumesNone() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        for (String colour : List.of("red", "blue", "red", "green")) {
            TextMessage message = session.createTextMessage(colour);
            message.setStringProperty("colour", colour);
            producer.send(message);
        }
        QueueBrowser browser = session.createBrowser(queue, "colour = 'red'");
        assertThat(browser.getMessageSelector()).isEqualTo("colour = 'red'");
        assertThat(browse(browser)).containsExactly("red", "red");
        assertThat(browse(session.createBrowser(queue, "colour <> 'red'"))).containsExactly("blue", "green");
        assertThat(receiveTexts(session.createConsumer(queue), 4)).containsExactly("red", "blue", "red", "green");
    }

    @Test
    void browsingShowsTheOrderAConsumerWouldReceive() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("low"), DeliveryMode.PERSISTENT, 1, 0);
        producer.send(session.createTextMessage("normal"), DeliveryMode.PERSISTENT, 4, 0);
        producer.send(session.createTextMessage("high"), DeliveryMode.PERSISTENT, 9, 0);
        List<String> browsed = browse(session.createBrowser(queue));
        assertThat(receiveTexts(session.createConsumer(queue), 3)).containsExactlyElementsOf(browsed)
                .containsExactly("high", "normal", "low");
    }

    @Test
    void aBrowserDoesNotShowAMessageBeforeItsDeliveryTime() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(1_500);
        TextMessage delayed = session.createTextMessage("delayed");
        producer.send(delayed);
        producer.setDeliveryDelay(0);
        producer.send(session.createTextMessage("now"));
        QueueBrowser browser = session.createBrowser(queue);
        List<String> early = browse(browser);
        if (System.currentTimeMillis() < delayed.getJMSDeliveryTime()) {
            assertThat(early).containsExactly("now");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> browse(browser).contains("delayed"));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(delayed.getJMSDeliveryTime());
    }

    @Test
    void aBrowserDoesNotShowAnExpiredMessage() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        TextMessage expiring = session.createTextMessage("expiring");
        producer.send(expiring, DeliveryMode.PERSISTENT, 4, 100);
        producer.send(session.createTextMessage("lasting"));
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > expiring.getJMSExpiration());
        assertThat(browse(session.createBrowser(queue))).containsExactly("lasting");
    }

    /**
     * The README's rule, which the spec leaves to the provider: a message delivered to a consumer and not yet
     * acknowledged is no longer waiting, so it is not shown; once returned (here by closing its session) it is shown
     * again, marked redelivered as its next delivery will be.
     */
    @Test
    void aDeliveredUnacknowledgedMessageIsNotShownUntilItIsReturned() throws Exception {
        Queue queue = newQueue();
        Session browsing = session();
        sendTexts(browsing, queue, "taken");
        Session consuming = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = consuming.createConsumer(queue);
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("taken");
        // closed before the next send, so that it cannot fetch that one ahead
        consumer.close();
        sendTexts(browsing, queue, "waiting");
        QueueBrowser browser = browsing.createBrowser(queue);
        assertThat(browse(browser)).containsExactly("waiting");
        consuming.close();
        Enumeration<?> messages = browser.getEnumeration();
        Message returned = (Message) messages.nextElement();
        assertThat(((TextMessage) returned).getText()).isEqualTo("taken");
        assertThat(returned.getJMSRedelivered()).isTrue();
        assertThat(((TextMessage) messages.nextElement()).getText()).isEqualTo("waiting");
    }

    /**
     * Messages arriving and being consumed while an enumeration runs: the spec lets the provider show the changes or
     * not, but the enumeration stays in delivery order, shows no message twice, and every message that was waiting
     * when it began and is still waiting when it gets there is shown. 150 messages span two of the broker's pages
     * (the connection's prefetch, 100), so the consumption falls between pages; arrivals after the enumeration began
     * are not shown (README, "Queue browsers").
     */
    @Test
    void anEnumerationOfAQueueThatChangesStaysConsistent() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 150; i++) {
            TextMessage message = session.createTextMessage("m" + i);
            message.setIntProperty("index", i);
            producer.send(message);
        }
        Enumeration<?> messages = session.createBrowser(queue).getEnumeration();
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            shown.add(((Message) messages.nextElement()).getIntProperty("index"));
        }
        MessageConsumer consumer = session().createConsumer(queue);
        for (int i = 0; i < 50; i++) {
            assertThat(expect(consumer).getIntProperty("index")).isEqualTo(i);
        }
        consumer.close();
        for (int i = 150; i < 160; i++) {
            TextMessage message = session.createTextMessage("m" + i);
            message.setIntProperty("index", i);
            producer.send(message);
        }
        while (messages.hasMoreElements()) {
            shown.add(((Message) messages.nextElement()).getIntProperty("index"));
        }
        assertThat(shown.subList(0, 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(shown).isSorted().doesNotHaveDuplicates();
        for (int i = 50; i < 150; i++) {
            assertThat(shown).as("still waiting, so shown: m" + i).contains(i);
        }
        assertThat(shown).as("arrived after the enumeration began").noneMatch(index -> index >= 150);
        assertThat(browse(session.createBrowser(queue))).as("a new enumeration sees the arrivals").hasSize(110);
    }

    @Test
    void aClosedBrowserRefusesUseAndCloseIsIdempotent() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        sendTexts(session, queue, "a");
        QueueBrowser browser = session.createBrowser(queue);
        browser.close();
        browser.close();
        assertThatThrownBy(browser::getEnumeration).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(browser::getMessageSelector).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(browser::getQueue).isInstanceOf(IllegalStateException.class);
        assertThat(browse(session.createBrowser(queue))).as("the session browses on").containsExactly("a");
    }

    @Test
    void closingTheSessionOrConnectionClosesItsBrowsers() throws Exception {
        Queue queue = newQueue();
        Session session = session();
        sendTexts(session, queue, "a");
        QueueBrowser ofSession = session.createBrowser(queue);
        session.close();
        assertThatThrownBy(ofSession::getEnumeration).isInstanceOf(IllegalStateException.class);
        jakarta.jms.Connection connection = connectionFactory().createConnection();
        QueueBrowser ofConnection = connection.createSession(false, Session.AUTO_ACKNOWLEDGE).createBrowser(queue);
        connection.close();
        assertThatThrownBy(ofConnection::getEnumeration).isInstanceOf(IllegalStateException.class);
        assertThat(receiveTexts(session().createConsumer(queue), 1)).containsExactly("a");
    }

    @Test
    void anInvalidBrowserSelectorIsInvalidSelector() throws Exception {
        Session session = session();
        Queue queue = newQueue();
        assertThatThrownBy(() -> session.createBrowser(queue, "colour = ")).isInstanceOf(InvalidSelectorException.class);
        assertThatThrownBy(() -> context().createBrowser(queue, "colour IN (1, 2)"))
                .isInstanceOf(InvalidSelectorRuntimeException.class);
        sendTexts(session, queue, "a");
        assertThat(browse(session.createBrowser(queue, "colour IS NULL"))).containsExactly("a");
    }

    @Test
    void aContextBrowsesWithoutConsuming() throws Exception {
        JMSContext context = context();
        Queue queue = newQueue();
        context.createProducer().send(queue, "one").send(queue, "two");
        assertThat(browse(context.createBrowser(queue))).containsExactly("one", "two");
        assertThat(context.createConsumer(queue).receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("one");
    }
}
