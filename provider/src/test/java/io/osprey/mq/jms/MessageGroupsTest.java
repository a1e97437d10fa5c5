package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 table 3-3 ({@code JMSXGroupID}, {@code JMSXGroupSeq}) through the JMS API: the messages of a
 * group reach one consumer of a queue, in order; when that consumer's session closes, the rest of the group goes to
 * another consumer, the messages it had not acknowledged first. Consumers fetch one message ahead
 * ({@code prefetch=1}), so that each of them takes groups.
 */
class MessageGroupsTest {
    @TempDir
    static Path data;
    static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection started() throws JMSException {
        Connection connection = new OspreyConnectionFactory(server.url() + "?prefetch=1").createConnection();
        connection.start();
        return connection;
    }

    /** What one listener saw of each group: the JMSXGroupSeq values in arrival order. */
    private record Seen(String consumer, String group, int seq) {
    }

    @Test
    void threeInterleavedGroupsEachReachOneConsumerInOrder() throws Exception {
        try (Connection connection = started()) {
            Queue queue;
            List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(150);
            try (Session setup = connection.createSession()) {
                queue = setup.createQueue(unique("groups"));
            }
            for (String name : List.of("a", "b")) {
                Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
                session.createConsumer(queue).setMessageListener(m -> {
                    try {
                        seen.add(new Seen(name, m.getStringProperty("JMSXGroupID"), m.getIntProperty("JMSXGroupSeq")));
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                    all.countDown();
                });
            }
            try (Session session = connection.createSession()) {
                MessageProducer producer = session.createProducer(queue);
                for (int seq = 1; seq <= 50; seq++) {
                    for (int g = 0; g < 3; g++) {
                        Message m = session.createTextMessage("g" + g + "-" + seq);
                        m.setStringProperty("JMSXGroupID", "g" + g);
                        m.setIntProperty("JMSXGroupSeq", seq);
                        producer.send(m);
                    }
                }
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).as("every message arrived").isTrue();

            Map<String, String> consumerOf = new ConcurrentHashMap<>();
            synchronized (seen) {
                for (Seen s : seen) {
                    assertThat(consumerOf.computeIfAbsent(s.group(), g -> s.consumer()))
                            .as("group %s reaches one consumer", s.group()).isEqualTo(s.consumer());
                }
                for (int g = 0; g < 3; g++) {
                    String group = "g" + g;
                    assertThat(seen.stream().filter(s -> s.group().equals(group)).map(Seen::seq).toList())
                            .as("group %s in JMSXGroupSeq order", group).isEqualTo(oneTo(50));
                }
            }
            assertThat(consumerOf.values()).as("both consumers took groups").contains("a", "b");
        }
    }

    @Test
    void closingTheOwnersSessionMovesTheRestOfTheGroupToAnotherConsumerUnacknowledgedOnesFirst() throws Exception {
        try (Connection connection = started()) {
            Session ownerSession = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue queue = ownerSession.createQueue(unique("handover"));
            MessageConsumer owner = ownerSession.createConsumer(queue);
            Session otherSession = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer other = otherSession.createConsumer(queue);
            try (Session session = connection.createSession()) {
                MessageProducer producer = session.createProducer(queue);
                for (int seq = 1; seq <= 40; seq++) {
                    Message m = session.createTextMessage("job-" + seq);
                    m.setStringProperty("JMSXGroupID", "job");
                    m.setIntProperty("JMSXGroupSeq", seq);
                    producer.send(m);
                }
            }
            Message first = owner.receive(10_000);
            assertThat(first).isNotNull();
            assertThat(first.getIntProperty("JMSXGroupSeq")).isEqualTo(1);
            for (int seq = 2; seq <= 10; seq++) {
                Message m = owner.receive(10_000);
                assertThat(m.getIntProperty("JMSXGroupSeq")).isEqualTo(seq);
                if (seq == 7) {
                    m.acknowledge(); // 1 to 7; 8, 9 and 10 stay unacknowledged
                }
            }
            assertThat(other.receive(300)).as("the group is the owner's").isNull();

            ownerSession.close();

            List<Integer> rest = new ArrayList<>();
            List<Boolean> redelivered = new ArrayList<>();
            for (int i = 0; i < 33; i++) {
                Message m = other.receive(10_000);
                assertThat(m).as("message %d of the rest", i + 1).isNotNull();
                rest.add(m.getIntProperty("JMSXGroupSeq"));
                redelivered.add(m.getJMSRedelivered());
            }
            assertThat(rest).as("the unacknowledged ones first, then the rest, in order").isEqualTo(range(8, 40));
            assertThat(redelivered.subList(0, 3)).containsOnly(true);
            assertThat(redelivered.subList(3, 33)).containsOnly(false);
        }
    }

    private static List<Integer> oneTo(int n) {
        return range(1, n);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
