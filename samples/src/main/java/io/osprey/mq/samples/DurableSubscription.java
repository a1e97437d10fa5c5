package io.osprey.mq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.PrintStream;
import javax.naming.Context;
import javax.naming.NamingException;

/**
 * A durable topic subscription: named by the connection's client ID and a subscription name, it keeps the messages
 * published while its consumer is closed, and is deleted only by {@code unsubscribe}.
 *
 * <pre>java -cp samples/target/osprey-samples.jar io.osprey.mq.samples.DurableSubscription osprey://127.0.0.1:9876</pre>
 */
public final class DurableSubscription {
    static final String CLIENT_ID = "sample-price-watcher";
    static final String SUBSCRIPTION = "eur-prices";

    private DurableSubscription() {
    }

    public static void main(String[] args) throws Exception {
        run(Samples.jndi(args), System.out);
    }

    public static void run(Context jndi, PrintStream out) throws NamingException, JMSException {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Topic prices = (Topic) jndi.lookup("samples/Prices");
        try (Connection connection = factory.createConnection()) {
            // a durable subscription belongs to a client ID: set it before anything else on the connection
            connection.setClientID(CLIENT_ID);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer publisher = session.createProducer(prices);
            connection.start();

            MessageConsumer subscriber = session.createDurableConsumer(prices, SUBSCRIPTION);
            publisher.send(session.createTextMessage("EURUSD 1.0812"));
            out.println("received while subscribed: " + text(subscriber));

            subscriber.close(); // the subscription stays: what is published now is kept for it
            publisher.send(session.createTextMessage("EURUSD 1.0815"));
            out.println("published while the subscriber was closed");

            subscriber = session.createDurableConsumer(prices, SUBSCRIPTION);
            out.println("received after reopening: " + text(subscriber));

            subscriber.close();
            session.unsubscribe(SUBSCRIPTION); // deletes the subscription and what it still held
            out.println("unsubscribed " + SUBSCRIPTION);
        }
    }

    private static String text(MessageConsumer consumer) throws JMSException {
        TextMessage message = (TextMessage) consumer.receive(Samples.RECEIVE_TIMEOUT_MILLIS);
        if (message == null) {
            throw new IllegalStateException("no price arrived within " + Samples.RECEIVE_TIMEOUT_MILLIS + " ms");
        }
        return message.getText();
    }
}
