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
import java.util.Locale;
import javax.naming.Context;
import javax.naming.NamingException;

/**
 * Request/reply: a service listens on a request queue and answers each request on the queue its {@code JMSReplyTo}
 * names, with the request's {@code JMSMessageID} as the reply's {@code JMSCorrelationID}. The requester waits on a
 * named reply queue with a selector on that correlation ID, so requesters can share one reply queue and each gets
 * only its own answers.
 *
 * <pre>java -cp samples/target/osprey-samples.jar io.osprey.mq.samples.RequestReply osprey://127.0.0.1:9876</pre>
 */
public final class RequestReply {
    private RequestReply() {
    }

    public static void main(String[] args) throws Exception {
        run(Samples.jndi(args), System.out);
    }

    public static void run(Context jndi, PrintStream out) throws NamingException, JMSException {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue requests = (Queue) jndi.lookup("samples/Requests");
        Queue replies = (Queue) jndi.lookup("samples/Replies");
        try (Connection service = factory.createConnection(); Connection client = factory.createConnection()) {
            startService(service, requests);

            Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            client.start();
            TextMessage request = session.createTextMessage("hello osprey");
            request.setJMSReplyTo(replies);
            session.createProducer(requests).send(request);
            // the id is assigned by send(); the reply carries it as its correlation ID
            String id = request.getJMSMessageID();
            out.println("request: " + request.getText());

            try (MessageConsumer replyConsumer = session.createConsumer(replies,
                    "JMSCorrelationID = '" + id + "'")) {
                TextMessage reply = (TextMessage) replyConsumer.receive(Samples.RECEIVE_TIMEOUT_MILLIS);
                if (reply == null) {
                    throw new IllegalStateException("no reply within " + Samples.RECEIVE_TIMEOUT_MILLIS + " ms");
                }
                out.println("reply: " + reply.getText());
                out.println("correlated: " + id.equals(reply.getJMSCorrelationID()));
            }
        }
    }

    /**
     * The service: a MessageListener, which the provider calls on the session's own delivery thread, so the reply
     * is sent from that session too (a session is single-threaded, spec 2.14).
     */
    private static void startService(Connection connection, Queue requests) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer replier = session.createProducer(null); // unidentified: each reply names its destination
        session.createConsumer(requests).setMessageListener(request -> {
            try {
                TextMessage reply = session.createTextMessage(
                        ((TextMessage) request).getText().toUpperCase(Locale.ROOT));
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replier.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                // a listener may not throw checked exceptions; under AUTO_ACKNOWLEDGE a RuntimeException makes the
                // provider deliver the request again
                throw new IllegalStateException("cannot answer " + describe(request), e);
            }
        });
        connection.start();
    }

    private static String describe(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return message.toString();
        }
    }
}
