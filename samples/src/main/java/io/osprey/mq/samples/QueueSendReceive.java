package io.osprey.mq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintStream;
import javax.naming.Context;
import javax.naming.NamingException;

/**
 * Point-to-point: a producer sends three orders to a queue, a consumer receives them. A queue keeps what was sent
 * before any consumer existed, and each message goes to exactly one consumer.
 *
 * <pre>java -cp samples/target/osprey-samples.jar io.osprey.mq.samples.QueueSendReceive osprey://127.0.0.1:9876</pre>
 */
public final class QueueSendReceive {
    private QueueSendReceive() {
    }

    public static void main(String[] args) throws Exception {
        run(Samples.jndi(args), System.out);
    }

    public static void run(Context jndi, PrintStream out) throws NamingException, JMSException {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue orders = (Queue) jndi.lookup("samples/Orders");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);

            MessageProducer producer = session.createProducer(orders);
            for (int i = 1; i <= 3; i++) {
                producer.send(session.createTextMessage("order " + i));
                out.println("sent: order " + i);
            }

            MessageConsumer consumer = session.createConsumer(orders);
            connection.start(); // delivery begins only once the connection is started
            for (int i = 1; i <= 3; i++) {
                TextMessage message = (TextMessage) consumer.receive(Samples.RECEIVE_TIMEOUT_MILLIS);
                if (message == null) {
                    throw new IllegalStateException("no order arrived within "
                            + Samples.RECEIVE_TIMEOUT_MILLIS + " ms");
                }
                // AUTO_ACKNOWLEDGE: receive() acknowledged it already
                out.println("received: " + message.getText());
            }
        }
    }
}
