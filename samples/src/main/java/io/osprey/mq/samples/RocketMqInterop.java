package io.osprey.mq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.naming.Context;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

/**
 * A stock Apache RocketMQ 5.3.1 producer sends to the topic of a JMS queue, and a JMS consumer receives it. A plain
 * RocketMQ message arrives as a BytesMessage; the property {@code OSPREY_BODY=text} makes it a TextMessage of its
 * UTF-8 body, a {@code JMSType} property sets the header, and the other user properties (TAGS and KEYS too) are
 * String properties. The JMSMessageID is {@code "ID:"} + the send result's msgId.
 *
 * <pre>java -cp samples/target/osprey-samples.jar io.osprey.mq.samples.RocketMqInterop osprey://127.0.0.1:9876</pre>
 */
public final class RocketMqInterop {
    private RocketMqInterop() {
    }

    public static void main(String[] args) throws Exception {
        run(Samples.jndi(args), System.out);
    }

    public static void run(Context jndi, PrintStream out) throws Exception {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue queue = (Queue) jndi.lookup("samples/Interop");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(queue);
            connection.start();

            String id = sendWithRocketMq(Samples.nameServers(Samples.providerUrl(jndi)), queue.getQueueName());
            out.println("RocketMQ sent: msgId " + id);

            TextMessage received = (TextMessage) consumer.receive(Samples.RECEIVE_TIMEOUT_MILLIS);
            if (received == null) {
                throw new IllegalStateException("nothing arrived within " + Samples.RECEIVE_TIMEOUT_MILLIS + " ms");
            }
            out.println("JMS received: " + received.getText());
            out.println("JMSMessageID: " + received.getJMSMessageID());
            out.println("JMSType: " + received.getJMSType());
            out.println("TAGS: " + received.getStringProperty("TAGS") + ", region: "
                    + received.getStringProperty("region"));
        }
    }

    /** Sends one message as any RocketMQ application would; returns its msgId. */
    private static String sendWithRocketMq(String nameServers, String topic) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("sample-interop-producer");
        producer.setNamesrvAddr(nameServers);
        producer.start();
        try {
            Message message = new Message(topic, "created", "order-42",
                    "order 42 created".getBytes(StandardCharsets.UTF_8));
            message.putUserProperty("OSPREY_BODY", "text");      // a TextMessage, not a BytesMessage
            message.putUserProperty("JMSType", "order.created"); // any JMS header, in its wire form
            message.putUserProperty("region", "EU");             // a String property
            SendResult result = producer.send(message);
            return result.getMsgId();
        } finally {
            producer.shutdown();
        }
    }
}
