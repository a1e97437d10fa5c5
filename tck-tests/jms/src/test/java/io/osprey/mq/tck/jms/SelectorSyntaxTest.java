package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.tck.jms.support.JmsTck;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Section 3.8 "Message selection", evaluated by the provider on a real delivery: each case sends one message with
 * known headers and properties, then a sentinel, to a queue whose consumer has the selector
 * {@code (<case>) OR sentinel = TRUE}. The case's message has no {@code sentinel}, so for it the OR is
 * {@code <case> OR UNKNOWN}: TRUE only when the case is TRUE (3.8.1.2's three-valued logic), and the first
 * message received says whether it was selected, with no waiting for a message that does not come.
 */
class SelectorSyntaxTest extends JmsTck {
    private Session session;
    private Queue queue;
    private MessageProducer producer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        queue = newQueue();
        producer = session.createProducer(queue);
    }

    private boolean selects(String selector) throws Exception {
        MessageConsumer consumer = session.createConsumer(queue, "(" + selector + ") OR sentinel = TRUE");
        Message candidate = session.createTextMessage("candidate");
        candidate.setJMSType("car");
        candidate.setJMSCorrelationID("corr-1");
        candidate.setIntProperty("i", 10);
        candidate.setLongProperty("l", 10_000_000_000L);
        candidate.setShortProperty("s", (short) 3);
        candidate.setByteProperty("b", (byte) 2);
        candidate.setDoubleProperty("d", 2.5);
        candidate.setFloatProperty("f", 1.5f);
        candidate.setStringProperty("colour", "blue");
        candidate.setStringProperty("code", "A_1%");
        candidate.setStringProperty("quote", "it's");
        candidate.setBooleanProperty("flag", true);
        candidate.setBooleanProperty("off", false);
        candidate.setStringProperty("number", "10");
        candidate.setStringProperty("JMSXGroupID", "g1");
        candidate.setStringProperty("ünïcode", "yes");
        candidate.setIntProperty("_under$core", 1);
        producer.send(candidate, DeliveryMode.PERSISTENT, 7, 0);
        Message sentinel = session.createTextMessage("sentinel");
        sentinel.setBooleanProperty("sentinel", true);
        producer.send(sentinel, DeliveryMode.PERSISTENT, 7, 0);
        Message first = expect(consumer);
        consumer.close();
        return !first.propertyExists("sentinel");
    }

    @ParameterizedTest(name = "[{index}] {0} is {1}")
    @CsvSource(delimiter = '|', value = {
        // comparison of exact and approximate numerics (3.8.1.2)
        "i = 10 | true",
        "i <> 10 | false",
        "i > 9 AND i >= 10 AND i < 11 AND i <= 10 | true",
        "l > 9999999999 | true",
        "s = 3 AND b = 2 | true",
        "d = 2.5 | true",
        "f < 2 | true",
        "i = 10.0 | true",
        "d > i | false",
        "i + 5 = 15 | true",
        "i * 2 - 1 = 19 | true",
        "-i = -10 | true",
        "i + d = 12.5 | true",
        "2e1 = i * 2 | true",
        // strings and booleans compare only with = and <>
        "colour = 'blue' | true",
        "colour <> 'red' | true",
        "colour = 'BLUE' | false",
        "quote = 'it''s' | true",
        "flag = TRUE | true",
        "flag | true",
        "off = FALSE | true",
        "NOT off | true",
        "flag AND NOT off | true",
        // BETWEEN, IN, LIKE, IS NULL
        "i BETWEEN 5 AND 10 | true",
        "i NOT BETWEEN 5 AND 10 | false",
        "i BETWEEN 11 AND 20 | false",
        "colour IN ('red', 'blue') | true",
        "colour NOT IN ('red', 'green') | true",
        "colour IN ('red') | false",
        "colour LIKE 'bl%' | true",
        "colour LIKE '_lue' | true",
        "colour LIKE 'b_' | false",
        "colour NOT LIKE '%x%' | true",
        "code LIKE 'A!_1!%' ESCAPE '!' | true",
        "code LIKE 'A!_2%' ESCAPE '!' | false",
        "missing IS NULL | true",
        "colour IS NOT NULL | true",
        "colour IS NULL | false",
        // headers usable in selectors (3.8.1.1)
        "JMSType = 'car' | true",
        "JMSCorrelationID = 'corr-1' | true",
        "JMSPriority = 7 | true",
        "JMSDeliveryMode = 'PERSISTENT' | true",
        "JMSDeliveryMode = 'NON_PERSISTENT' | false",
        "JMSMessageID LIKE 'ID:%' | true",
        "JMSTimestamp > 0 | true",
        // identifiers are case-sensitive, keywords are not
        "COLOUR = 'blue' | false",
        "colour = 'blue' and i = 10 | true",
        "i between 1 and 10 | true",
        // precedence: AND before OR, NOT before AND
        "i = 1 OR i = 10 AND colour = 'blue' | true",
        "(i = 1 OR i = 10) AND colour = 'red' | false",
        "NOT i = 1 AND colour = 'blue' | true",
        // three-valued logic on a missing property (3.8.1.2)
        "missing = 1 | false",
        "NOT missing = 1 | false",
        "missing = 1 OR i = 10 | true",
        "missing = 1 AND i = 10 | false",
        "missing > 0 OR missing <= 0 | false",
        "missing IN ('a') | false",
        "missing NOT IN ('a') | false",
        "missing LIKE 'a%' | false",
        "missing NOT LIKE 'a%' | false",
        "missing BETWEEN 1 AND 2 | false",
        "missing + 1 = 1 | false",
        // comparing different types is UNKNOWN, never a conversion (a string property does not compare as a number)
        "number = 10 | false",
        "colour > 1 | false",
        "flag = 1 | false",
        // literals and more mixed numerics
        "TRUE | true",
        "FALSE | false",
        "d BETWEEN 2 AND 3 | true",
        "d = 25E-1 | true",
        "d = 2.50 | true",
        "NOT (missing = 1) | false",
        "(colour = 'blue') = TRUE | true",
        "JMSXGroupID = 'g1' | true",
        "ünïcode = 'yes' | true",
        "_under$core = 1 | true",
    })
    void selectsExactlyWhenTheExpressionIsTrue(String selector, boolean expected) throws Exception {
        assertThat(selects(selector)).as(selector).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "i ==",
        "i = ",
        "colour = 'unterminated",
        "i BETWEEN 1",
        "colour IN ()",
        "colour IN (1, 2)",
        "colour LIKE 5",
        "i > 'a' AND",
        "(i = 1",
        "i = 1)",
        "1 = 1 = 1 'x'",
        "colour LIKE 'a' ESCAPE 'too long'",
        "i IS 5",
    })
    void anInvalidSelectorIsRefusedAtConsumerCreation(String selector) throws Exception {
        assertThatThrownBy(() -> session.createConsumer(queue, selector))
                .isInstanceOf(InvalidSelectorException.class);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "  "})
    void anEmptySelectorSelectsEverything(String selector) throws Exception {
        MessageConsumer consumer = session.createConsumer(queue, selector);
        producer.send(session.createTextMessage("any"));
        assertThat(expect(consumer).getBody(String.class)).isEqualTo("any");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "JMSDeliveryMode = 'NON_PERSISTENT' | np",
        "JMSDeliveryMode = 'PERSISTENT' | p",
        "JMSPriority < 5 | np",
        "JMSPriority BETWEEN 7 AND 9 | p",
    })
    void selectorsOnTheSendHeadersSeeWhatSendSet(String selector, String expected) throws Exception {
        MessageConsumer consumer = session.createConsumer(queue, selector);
        // the one a selector-less consumer would get first: sent first, and of higher priority
        producer.send(session.createTextMessage("p"), DeliveryMode.PERSISTENT, 8, 0);
        producer.send(session.createTextMessage("np"), DeliveryMode.NON_PERSISTENT, 1, 0);
        assertThat(expect(consumer).getBody(String.class)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"colour = 'blue'", "n > 1", "NOT flag"})
    void aTopicSubscribersSelectorFiltersToo(String selector) throws Exception {
        jakarta.jms.Topic topic = newTopic();
        MessageConsumer consumer = session.createConsumer(topic, selector);
        MessageProducer toTopic = session.createProducer(topic);
        Message miss = session.createTextMessage("miss");
        miss.setStringProperty("colour", "red");
        miss.setIntProperty("n", 1);
        miss.setBooleanProperty("flag", true);
        toTopic.send(miss);
        Message hit = session.createTextMessage("hit");
        hit.setStringProperty("colour", "blue");
        hit.setIntProperty("n", 2);
        hit.setBooleanProperty("flag", false);
        toTopic.send(hit);
        assertThat(expect(consumer).getBody(String.class)).isEqualTo("hit");
    }
}
