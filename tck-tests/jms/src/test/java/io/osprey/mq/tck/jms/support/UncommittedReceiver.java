package io.osprey.mq.tck.jms.support;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import javax.naming.InitialContext;

/**
 * A client program the crash tests SIGKILL: it receives {@code count} messages of a queue in a transacted session,
 * prints {@value #RECEIVED} and each text, then {@value #HOLDING}, and waits, never committing, until it is killed
 * (or its standard input closes). Everything comes from {@code new InitialContext()}: {@code java.naming.provider.url}
 * is given as a system property, as for the suite.
 *
 * <p>Arguments: the queue's name, the number of messages. Exit code 3 when a message does not come within 10 s.
 */
public final class UncommittedReceiver {
    public static final String RECEIVED = "RECEIVED ";
    public static final String HOLDING = "HOLDING";

    private UncommittedReceiver() {
    }

    public static void main(String[] args) throws Exception {
        String queueName = args[0];
        int count = Integer.parseInt(args[1]);
        InitialContext context = new InitialContext();
        ConnectionFactory factory = (ConnectionFactory) context.lookup("ConnectionFactory");
        Queue queue = (Queue) context.lookup("dynamicQueues/" + queueName);
        context.close();
        Connection connection = factory.createConnection();
        connection.start();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < count; i++) {
            Message message = consumer.receive(10_000);
            if (message == null) {
                System.out.println("no message " + (i + 1) + " of " + count + " within 10 s");
                System.exit(3);
            }
            System.out.println(RECEIVED + ((TextMessage) message).getText());
        }
        System.out.println(HOLDING);
        System.out.flush();
        waitForTheEnd();
    }

    /** Blocks until standard input ends: the parent kills this process long before. */
    private static void waitForTheEnd() throws IOException {
        while (System.in.read() != -1) {
            // whatever the parent writes is not for us
        }
    }
}
