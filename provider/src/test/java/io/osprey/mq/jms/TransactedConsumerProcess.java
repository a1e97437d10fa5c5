package io.osprey.mq.jms;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * A transacted consumer in a process of its own, to be killed before it commits: receives {@code count} messages
 * of {@code input}, sends a copy of each to {@code output} in the same transaction, says {@code HOLDING} on
 * standard output and waits without committing. Arguments: url input output count.
 */
public final class TransactedConsumerProcess {
    private TransactedConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = Integer.parseInt(args[3]);
        Connection connection = new OspreyConnectionFactory(url).createConnection();
        connection.start();
        Session session = connection.createSession(Session.SESSION_TRANSACTED);
        Queue input = session.createQueue(args[1]);
        Queue output = session.createQueue(args[2]);
        MessageConsumer consumer = session.createConsumer(input);
        MessageProducer producer = session.createProducer(output);
        for (int i = 0; i < count; i++) {
            Message m = consumer.receive(30_000);
            if (m == null) {
                System.out.println("MISSING " + i);
                System.exit(2);
            }
            producer.send(session.createTextMessage("copy-" + ((TextMessage) m).getText()));
        }
        System.out.println("HOLDING " + count);
        System.out.flush();
        // killed here, before any commit
        Thread.sleep(Long.MAX_VALUE);
    }
}
