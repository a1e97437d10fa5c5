package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.server.broker.TestBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real NameServer and Broker per test class (a broker start costs more than most of these tests), with names
 * unique to each test so that tests never see each other's topics, connections or client IDs, and the JMS
 * connections a test opened closed after it.
 */
abstract class BrokerFixture {
    @TempDir
    static Path dataDir;
    static TestBroker broker;
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final List<JmsWire> wires = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new TestBroker(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void nameTest(TestInfo test) {
        prefix = test.getTestMethod().orElseThrow().getName() + "-" + UNIQUE.incrementAndGet();
    }

    @AfterEach
    void closeWires() {
        wires.forEach(JmsWire::close);
    }

    /** A name no other test uses: a topic, connection ID, client ID or subscription name. */
    String unique(String what) {
        return prefix + "-" + what;
    }

    /** A topic of this test with {@code queues} queues. */
    String topic(String name, int queues) throws Exception {
        String topic = unique(name);
        broker.createTopic(topic, queues);
        return topic;
    }

    /** A connected JMS connection of this test, closed after it. */
    JmsWire connection(String name) throws Exception {
        return connection(name, null);
    }

    JmsWire connection(String name, String clientId) throws Exception {
        return keep(JmsWire.connected(broker.broker().address(), unique(name), clientId));
    }

    /** A JMS connection not yet connected, closed after the test. */
    JmsWire unconnected(String name) {
        return keep(new JmsWire(broker.broker().address(), unique(name)));
    }

    private JmsWire keep(JmsWire wire) {
        wires.add(wire);
        return wire;
    }
}
