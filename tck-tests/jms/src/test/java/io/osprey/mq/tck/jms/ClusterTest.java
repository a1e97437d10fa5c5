package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.tck.jms.support.TwoMasterCluster;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.naming.Context;
import javax.naming.InitialContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two masters: a cluster of a NameServer and two master brokers, each a process of its own, serving every
 * destination side by side. Whichever master stored a message, a queue's consumer and a durable subscription get it
 * once; a master killed with SIGKILL does not end a connection, whose consumer goes on with the survivor. The
 * objects come from JNDI with the cluster's NameServer as {@code java.naming.provider.url}; each test has a cluster
 * of its own, and first makes sure that both masters hold some of its messages.
 */
class ClusterTest {
    private static final long RECEIVE_MILLIS = 10_000;
    private static final long NO_MESSAGE_MILLIS = 300;
    /** Sends (a producer each, so on a master drawn at random) after which both masters must hold some. */
    private static final int MAX_SENDS = 200;

    @TempDir
    Path data;
    private TwoMasterCluster cluster;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = TwoMasterCluster.start(data);
    }

    @AfterEach
    void stop() throws Exception {
        for (Connection connection : connections) {
            connection.close();
        }
        cluster.close();
    }

    private Object lookup(String name) throws Exception {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.PROVIDER_URL, cluster.url());
        InitialContext context = new InitialContext(environment);
        try {
            return context.lookup(name);
        } finally {
            context.close();
        }
    }

    private Connection connection(String factory) throws Exception {
        Connection connection = ((ConnectionFactory) lookup(factory)).createConnection();
        connections.add(connection);
        return connection;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String text(Message message) throws JMSException {
        if (message == null) {
            throw new AssertionError("no message within " + RECEIVE_MILLIS + " ms");
        }
        return ((TextMessage) message).getText();
    }

    /** Sends at least {@code count} messages, a producer each, until both masters hold some; answers the texts. */
    private List<String> sendOverBothMasters(Session session, Destination destination, String topic, int count)
            throws Exception {
        List<String> sent = new ArrayList<>();
        do {
            assertThat(sent).as("sends before both masters held one").hasSizeLessThan(MAX_SENDS);
            for (int i = 0; i < count; i++) {
                MessageProducer producer = session.createProducer(destination);
                String text = "m" + sent.size();
                producer.send(session.createTextMessage(text));
                producer.close();
                sent.add(text);
            }
            // a master indexes a stored message shortly after answering its send
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.stored("broker-a", topic)
                    + cluster.stored("broker-b", topic) == sent.size());
        } while (cluster.stored("broker-a", topic) == 0 || cluster.stored("broker-b", topic) == 0);
        return sent;
    }

    private static List<String> receive(MessageConsumer consumer, int count) throws JMSException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(text(consumer.receive(RECEIVE_MILLIS)));
        }
        return got;
    }

    @Test
    void aQueuesMessagesStoredOnEitherMasterReachItsConsumerOnce() throws Exception {
        String name = unique("clusterQ");
        Connection connection = connection("ConnectionFactory");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = (Queue) lookup("dynamicQueues/" + name);
        // a consumer opens on every master, which makes the queue there
        session.createConsumer(queue).close();
        cluster.awaitRouteOnBothMasters(name);
        List<String> sent = sendOverBothMasters(session, queue, name, 30);

        connection.start();
        MessageConsumer consumer = session.createConsumer(queue);
        List<String> received = receive(consumer, sent.size());

        assertThat(received).containsExactlyInAnyOrderElementsOf(sent).doesNotHaveDuplicates();
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    @Test
    void aDurableSubscriptionGetsWhatBothMastersStoredWhileItWasInactive() throws Exception {
        String name = unique("clusterT");
        Connection subscriber = connection("DURABLE_SUB_CONNECTION_FACTORY");
        Session subscriberSession = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = (Topic) lookup("dynamicTopics/" + name);
        subscriberSession.createDurableSubscriber(topic, "clusterSub").close();
        cluster.awaitRouteOnBothMasters(name);
        Session publisher = connection("ConnectionFactory").createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> sent = sendOverBothMasters(publisher, topic, name, 30);

        subscriber.start();
        MessageConsumer durable = subscriberSession.createDurableSubscriber(topic, "clusterSub");
        List<String> received = receive(durable, sent.size());

        assertThat(received).containsExactlyInAnyOrderElementsOf(sent).doesNotHaveDuplicates();
        assertThat(durable.receive(NO_MESSAGE_MILLIS)).isNull();
        durable.close();
        subscriberSession.unsubscribe("clusterSub");
    }

    @Test
    void aConsumerGoesOnWithTheSurvivorWhenOneMasterIsKilled() throws Exception {
        String name = unique("clusterKill");
        Connection connection = connection("ConnectionFactory");
        List<JMSException> problems = new CopyOnWriteArrayList<>();
        connection.setExceptionListener(problems::add);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = (Queue) lookup("dynamicQueues/" + name);
        MessageConsumer consumer = session.createConsumer(queue);
        cluster.awaitRouteOnBothMasters(name);
        connection.start();
        Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> before = sendOverBothMasters(sending, queue, name, 20);
        assertThat(receive(consumer, before.size())).containsExactlyInAnyOrderElementsOf(before);

        cluster.kill("broker-a");
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // a producer each: some would have picked the killed master
            MessageProducer producer = sending.createProducer(queue);
            producer.send(sending.createTextMessage("after" + i));
            producer.close();
            after.add("after" + i);
        }

        assertThat(receive(consumer, after.size())).as("what the survivor stored")
                .containsExactlyInAnyOrderElementsOf(after);
        assertThat(cluster.stored("broker-b", name)).as("the survivor stored every later send")
                .isGreaterThanOrEqualTo(after.size());
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
        assertThat(problems).as("the ExceptionListener heard nothing").isEmpty();
    }
}
