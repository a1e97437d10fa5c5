package io.osprey.mq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintStream;
import javax.naming.Context;
import javax.naming.NamingException;

/**
 * A message selector: an SQL-like condition on headers and properties that the broker evaluates, so the consumer is
 * sent only what matches. On a queue, what a selector does not match stays for the queue's other consumers.
 *
 * <pre>java -cp samples/target/osprey-samples.jar io.osprey.mq.samples.SelectorFilter osprey://127.0.0.1:9876</pre>
 */
public final class SelectorFilter {
    static final String SELECTOR = "region = 'EU' AND amount > 100";

    private SelectorFilter() {
    }

    public static void main(String[] args) throws Exception {
        run(Samples.jndi(args), System.out);
    }

    public static void run(Context jndi, PrintStream out) throws NamingException, JMSException {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue trades = (Queue) jndi.lookup("samples/Trades");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(trades);
            send(session, producer, "trade 1", "EU", 250);
            send(session, producer, "trade 2", "US", 900);
            send(session, producer, "trade 3", "EU", 40);
            send(session, producer, "trade 4", "EU", 120);
            connection.start();

            out.println("selector: " + SELECTOR);
            try (MessageConsumer bigEuropean = session.createConsumer(trades, SELECTOR)) {
                receive(bigEuropean, 2, "matched", out); // trades 1 and 4
            }
            try (MessageConsumer everything = session.createConsumer(trades)) {
                receive(everything, 2, "left for others", out); // trades 2 and 3 were never taken
            }
        }
    }

    private static void send(Session session, MessageProducer producer, String text, String region, int amount)
            throws JMSException {
        TextMessage message = session.createTextMessage(text);
        message.setStringProperty("region", region);
        message.setIntProperty("amount", amount); // typed: the selector compares it as a number
        producer.send(message);
    }

    private static void receive(MessageConsumer consumer, int count, String label, PrintStream out)
            throws JMSException {
        for (int i = 0; i < count; i++) {
            Message message = consumer.receive(Samples.RECEIVE_TIMEOUT_MILLIS);
            if (message == null) {
                throw new IllegalStateException("no trade arrived within " + Samples.RECEIVE_TIMEOUT_MILLIS + " ms");
            }
            out.println(label + ": " + ((TextMessage) message).getText() + " (" + message.getStringProperty("region")
                    + ", " + message.getIntProperty("amount") + ")");
        }
    }
}
