package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.inThread;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.ProviderUrl;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.namesrv.NameServer;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two masters in processes of their own, SIGKILLed under a connection: it lives on while one master does (its
 * consumers receive what the survivor stores, its sends go there, its ExceptionListener hears nothing), fails once,
 * within its bounds, when the last one goes, and takes a restarted master back at the next route refresh. The
 * producer side uses the client core, whose receipts name the master that stored each message, and picks the master
 * by seed: the route lists the masters by name, so an even seed goes to broker-a and an odd one to broker-b.
 */
class ClusterFailoverTest {
    private static final long RECEIVE_MILLIS = 10_000;
    private static final Map<String, String> TEXT = Map.of("OSPREY_BODY", "text");

    @TempDir
    Path data;
    private NameServer nameServer;
    private BrokerProcess brokerA;
    private BrokerProcess brokerB;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        CompletableFuture<BrokerProcess> a = startAsync("broker-a");
        CompletableFuture<BrokerProcess> b = startAsync("broker-b");
        brokerA = a.get(90, TimeUnit.SECONDS);
        brokerB = b.get(90, TimeUnit.SECONDS);
    }

    private CompletableFuture<BrokerProcess> startAsync(String name) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return BrokerProcess.start(name, nameServerAddress(), data.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        for (BrokerProcess broker : new BrokerProcess[] {brokerA, brokerB}) {
            if (broker != null) {
                broker.kill();
            }
        }
        nameServer.close();
    }

    private String nameServerAddress() {
        return "127.0.0.1:" + nameServer.port();
    }

    private String url(String options) {
        return "osprey://" + nameServerAddress() + (options.isEmpty() ? "" : "?" + options);
    }

    private <T extends AutoCloseable> T closing(T resource) {
        opened.add(resource);
        return resource;
    }

    /** A JMS connection, not started, whose ExceptionListener adds to {@code problems}. */
    private Connection connection(String options, List<JMSException> problems) throws JMSException {
        Connection connection = closing(new OspreyConnectionFactory(url(options)).createConnection());
        connection.setExceptionListener(problems::add);
        return connection;
    }

    private ClientConnection producer() throws JMSException {
        return closing(ClientConnection.open(ProviderUrl.parse(url("")), null, null, null));
    }

    /** Stores "text" on the master {@code seed} picks; answers the address of the master that stored it. */
    private static String send(ClientConnection producer, String topic, long seed, String text) throws Exception {
        return producer.send(topic, seed, text.getBytes(StandardCharsets.UTF_8), TEXT).get(30, TimeUnit.SECONDS)
                .broker();
    }

    /** Creates the queue's (or topic's) topic on both masters, as a consumer opening there does. */
    private void createOnBothMasters(Session session, Destination destination, String name)
            throws JMSException {
        session.createConsumer(destination).close();
        RouteCheck.awaitMasters(nameServerAddress(), name, 2);
    }

    private static String text(Message message) throws JMSException {
        assertThat(message).as("a message within " + RECEIVE_MILLIS + " ms").isNotNull();
        return ((TextMessage) message).getText();
    }

    /** One send of the background producer: its text, when it ran (nanoTime) and where it was stored. */
    private record Sent(String text, long startNanos, long endNanos, String broker) {
    }

    @Test
    void theConsumerKeepsReceivingWhatTheSurvivorStoresWhileOneMasterIsKilled() throws Exception {
        String name = unique("failover");
        List<JMSException> problems = new CopyOnWriteArrayList<>();
        Connection connection = connection("", problems);
        Session session = connection.createSession();
        Queue queue = session.createQueue(name);
        createOnBothMasters(session, queue, name);
        Map<String, List<Boolean>> received = new ConcurrentHashMap<>();
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                received.computeIfAbsent(((TextMessage) m).getText(), t -> new CopyOnWriteArrayList<>())
                        .add(m.getJMSRedelivered());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        connection.start();

        ClientConnection producer = producer();
        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (long i = 0; producing.get(); i++) {
                long start = System.nanoTime();
                try {
                    String broker = send(producer, name, i, "m" + i);
                    sent.add(new Sent("m" + i, start, System.nanoTime(), broker));
                } catch (Exception e) {
                    throw new IllegalStateException("send m" + i + " failed", e);
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 20 || sending.isDone());
        assertThat(sent).extracting(Sent::broker).as("sends went to both masters")
                .contains(brokerA.address(), brokerB.address());

        long killStart = System.nanoTime();
        brokerA.kill();
        long killEnd = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().filter(s -> s.startNanos() > killEnd)
                .count() >= 40 || sending.isDone());
        producing.set(false);
        sending.get(30, TimeUnit.SECONDS);

        List<Sent> afterKill = sent.stream().filter(s -> s.startNanos() > killEnd).toList();
        assertThat(afterKill).hasSizeGreaterThanOrEqualTo(40);
        assertThat(afterKill).extracting(Sent::broker).as("every send after the kill stored by the survivor")
                .containsOnly(brokerB.address());
        Set<String> survivorStored = ConcurrentHashMap.newKeySet();
        sent.stream().filter(s -> s.broker().equals(brokerB.address())).forEach(s -> survivorStored.add(s.text()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received.keySet())
                .as("everything the survivor stored reached the consumer").containsAll(survivorStored));
        for (Sent s : sent) {
            List<Boolean> deliveries = received.getOrDefault(s.text(), List.of());
            boolean inFlightAtKill = s.startNanos() < killEnd && s.endNanos() > killStart;
            if (deliveries.size() > 1 && !inFlightAtKill) {
                assertThat(deliveries.subList(1, deliveries.size())).as("a second delivery of " + s.text()
                        + " is a redelivery").containsOnly(true);
            }
        }
        assertThat(problems).as("the ExceptionListener heard nothing").isEmpty();
    }

    @Test
    void aRestartedMasterDeliversWhatItStoredAfterTheNextRouteRefresh() throws Exception {
        String name = unique("restart");
        List<JMSException> problems = new CopyOnWriteArrayList<>();
        Connection connection = connection("routeRefreshMillis=500", problems);
        Session session = connection.createSession();
        Queue queue = session.createQueue(name);
        createOnBothMasters(session, queue, name);
        // opened on both masters, fetching nothing until the connection starts
        MessageConsumer consumer = session.createConsumer(queue);
        ClientConnection producer = producer();
        Set<String> onA = new HashSet<>();
        Set<String> onB = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String broker = send(producer, name, i, "before" + i);
            (broker.equals(brokerA.address()) ? onA : onB).add("before" + i);
        }
        assertThat(onA).hasSize(10);
        assertThat(onB).hasSize(10);

        brokerA.kill();
        connection.start();
        Set<String> received = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            received.add(text(consumer.receive(RECEIVE_MILLIS)));
        }
        assertThat(received).as("the survivor's messages").isEqualTo(onB);
        for (int i = 0; i < 10; i++) {
            assertThat(send(producer, name, i, "during" + i)).as("stored by the survivor")
                    .isEqualTo(brokerB.address());
            assertThat(text(consumer.receive(RECEIVE_MILLIS))).isEqualTo("during" + i);
        }
        assertThat(consumer.receive(300)).as("what the killed master stored waits for it").isNull();

        brokerA = BrokerProcess.start("broker-a", nameServerAddress(), data.resolve("broker-a"));
        Set<String> recovered = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Message message = consumer.receive(RECEIVE_MILLIS);
            recovered.add(text(message));
            assertThat(message.getJMSRedelivered()).as("never delivered before").isFalse();
        }
        assertThat(recovered).as("the restarted master's messages").isEqualTo(onA);
        assertThat(consumer.receive(300)).as("each message once").isNull();
        assertThat(problems).as("the ExceptionListener heard nothing").isEmpty();
    }

    @Test
    void durableAndSharedSubscriptionsAreOpenedAgainOnARestartedMaster() throws Exception {
        String name = unique("resub");
        List<JMSException> problems = new CopyOnWriteArrayList<>();
        Connection connection = connection("routeRefreshMillis=500&clientId=" + unique("cid"), problems);
        Session session = connection.createSession();
        Topic topic = session.createTopic(name);
        MessageConsumer durable = session.createDurableConsumer(topic, "durable");
        MessageConsumer shared = session.createSharedDurableConsumer(topic, "shared");
        RouteCheck.awaitMasters(nameServerAddress(), name, 2);
        connection.start();

        brokerA.kill();
        brokerA = BrokerProcess.start("broker-a", nameServerAddress(), data.resolve("broker-a"));
        RouteCheck.awaitMasters(nameServerAddress(), name, 2);
        // a new client: its first route names the restarted master, which keeps both subscriptions
        ClientConnection producer = producer();
        Set<String> published = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            assertThat(send(producer, name, 2L * i, "a" + i)).as("stored by the restarted master")
                    .isEqualTo(brokerA.address());
            published.add("a" + i);
        }

        for (MessageConsumer consumer : List.of(durable, shared)) {
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                got.add(text(consumer.receive(RECEIVE_MILLIS)));
            }
            assertThat(got).isEqualTo(published);
        }
        assertThat(problems).as("the ExceptionListener heard nothing").isEmpty();
    }

    @Test
    void aConsumerIsOpenedOnAMasterThatJoinsTheCluster() throws Exception {
        String name = unique("join");
        List<JMSException> problems = new CopyOnWriteArrayList<>();
        Connection connection = connection("routeRefreshMillis=500", problems);
        Session session = connection.createSession();
        Queue queue = session.createQueue(name);
        MessageConsumer consumer = session.createConsumer(queue);
        RouteCheck.awaitMasters(nameServerAddress(), name, 2);
        connection.start();

        BrokerProcess brokerC = closing(BrokerProcess.start("broker-c", nameServerAddress(), data.resolve("broker-c")));
        // the refresh opens the consumer on broker-c, which creates the queue there
        RouteCheck.awaitMasters(nameServerAddress(), name, 3);
        ClientConnection producer = producer();
        for (int i = 0; i < 5; i++) {
            assertThat(send(producer, name, 3L * i + 2, "c" + i)).as("stored by the new master")
                    .isEqualTo(brokerC.address());
        }

        Set<String> got = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            got.add(text(consumer.receive(RECEIVE_MILLIS)));
        }
        assertThat(got).containsExactlyInAnyOrder("c0", "c1", "c2", "c3", "c4");
        assertThat(problems).isEmpty();
    }

    @Test
    void losingBothMastersTellsTheExceptionListenerOnceAndFailsBlockedCallsWithinTheirBound() throws Exception {
        String name = unique("lost");
        List<JMSException> problems = new CopyOnWriteArrayList<>();
        long timeoutMillis = 3_000;
        Connection connection = connection("requestTimeoutMillis=" + timeoutMillis, problems);
        Session session = connection.createSession();
        Queue queue = session.createQueue(name);
        createOnBothMasters(session, queue, name);
        MessageConsumer consumer = session.createConsumer(queue);
        // a session of its own: the receiving one is busy in another thread
        Session sending = connection.createSession();
        MessageProducer producer = sending.createProducer(queue);
        connection.start();

        JmsTestSupport.Call<Message> first = inThread("receive-1", consumer::receive).awaitBlocked();
        brokerA.kill();
        // the same connection still sends and receives: to and from the survivor
        producer.send(sending.createTextMessage("after one"));
        assertThat(text(first.get())).isEqualTo("after one");
        assertThat(problems).as("one master lost is no connection failure").isEmpty();

        JmsTestSupport.Call<Message> second = inThread("receive-2", consumer::receive).awaitBlocked();
        brokerB.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !problems.isEmpty());
        assertThat(problems.get(0)).hasMessageContaining("lost the connection");
        assertThatThrownBy(second::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(JMSException.class);

        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(sending.createTextMessage("after both")))
                .isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> consumer.receive(RECEIVE_MILLIS)).isInstanceOf(JMSException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("failed within the bound")
                .isLessThan(timeoutMillis);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> problems.size() == 1);
    }
}
