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
 * Consume-and-produce in one local transaction: an order is taken from one queue and an invoice sent to another, and
 * {@code commit()} makes both happen or neither. {@code rollback()} drops the invoice and gives the order back,
 * marked redelivered, so a failure in between never loses an order nor bills it twice.
 *
 * <pre>java -cp samples/target/osprey-samples.jar io.osprey.mq.samples.TransactedForward osprey://127.0.0.1:9876</pre>
 */
public final class TransactedForward {
    private TransactedForward() {
    }

    public static void main(String[] args) throws Exception {
        run(Samples.jndi(args), System.out);
    }

    public static void run(Context jndi, PrintStream out) throws NamingException, JMSException {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue incoming = (Queue) jndi.lookup("samples/Incoming");
        Queue invoices = (Queue) jndi.lookup("samples/Invoices");
        try (Connection connection = factory.createConnection()) {
            Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            plain.createProducer(incoming).send(plain.createTextMessage("order 42"));
            out.println("sent: order 42");

            // a transacted session: its sends and receives take effect at commit(), together
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer orders = tx.createConsumer(incoming);
            MessageProducer billing = tx.createProducer(invoices);
            connection.start();

            TextMessage order = receive(orders);
            billing.send(tx.createTextMessage("invoice for " + order.getText()));
            tx.rollback(); // as if billing had failed: no invoice, the order comes back
            out.println("rolled back: " + order.getText());

            TextMessage again = receive(orders);
            out.println("received again: " + again.getText() + ", redelivered=" + again.getJMSRedelivered());
            billing.send(tx.createTextMessage("invoice for " + again.getText()));
            tx.commit(); // the order is consumed and the invoice sent, atomically
            out.println("committed: " + again.getText());

            try (MessageConsumer invoiceReader = plain.createConsumer(invoices)) {
                TextMessage invoice = receive(invoiceReader);
                out.println("invoice: " + invoice.getText());
            }
        }
    }

    private static TextMessage receive(MessageConsumer consumer) throws JMSException {
        TextMessage message = (TextMessage) consumer.receive(Samples.RECEIVE_TIMEOUT_MILLIS);
        if (message == null) {
            throw new IllegalStateException("nothing arrived within " + Samples.RECEIVE_TIMEOUT_MILLIS + " ms");
        }
        return message;
    }
}
