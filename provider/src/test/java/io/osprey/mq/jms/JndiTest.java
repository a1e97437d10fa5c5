package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTopic;
import io.osprey.mq.jms.jndi.OspreyInitialContextFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Messaging 3.1 chapter 5 "JMS administered objects" (5.1: looked up through JNDI, 5.2: the provider's
 * connection factories and destinations): a plain {@code new InitialContext()} with the test resource
 * {@code jndi.properties} finds the configured factories, queues and topics and the dynamic ones; the context is
 * read-only; a factory from JNDI connects and moves messages.
 */
class JndiTest {
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

    @Test
    void aPlainInitialContextFindsTheConfiguredObjects() throws Exception {
        Context context = new InitialContext();
        try {
            OspreyConnectionFactory configured = (OspreyConnectionFactory) context.lookup("jms/Configured");
            assertThat(configured.getUrl()).isEqualTo("osprey://127.0.0.1:9876,127.0.0.2:9876?clientId=from-jndi"
                    + "&user=app");
            OspreyConnectionFactory byProviderUrl = (OspreyConnectionFactory) context.lookup("ConnectionFactory");
            assertThat(byProviderUrl.getUrl()).isEqualTo("osprey://127.0.0.1:9876");
            assertThat(context.lookup("jms/Orders")).isEqualTo(new OspreyQueue("orders"));
            assertThat(((Queue) context.lookup("jms/Orders")).getQueueName()).isEqualTo("orders");
            assertThat(((Topic) context.lookup("jms/Prices")).getTopicName()).isEqualTo("prices");
            assertThat(context.lookup("dynamicQueues/anything")).isEqualTo(new OspreyQueue("anything"));
            assertThat(context.lookup("dynamicTopics/news")).isEqualTo(new OspreyTopic("news"));
            Context dynamic = (Context) context.lookup("dynamicQueues");
            assertThat(dynamic.lookup("inner")).isEqualTo(new OspreyQueue("inner"));
            List<String> names = new ArrayList<>();
            Collections.list(context.list("")).forEach(pair -> names.add(pair.getName()));
            assertThat(names).contains("jms/Configured", "ConnectionFactory", "jms/Orders", "jms/Prices");
        } finally {
            context.close();
        }
    }

    @Test
    void theContextIsReadOnlyAndUnknownNamesAreNotFound() throws Exception {
        Context context = new InitialContext();
        assertThatThrownBy(() -> context.bind("x", new OspreyQueue("x")))
                .isInstanceOf(OperationNotSupportedException.class);
        assertThatThrownBy(() -> context.rebind("jms/Orders", new OspreyQueue("x")))
                .isInstanceOf(OperationNotSupportedException.class);
        assertThatThrownBy(() -> context.unbind("jms/Orders")).isInstanceOf(OperationNotSupportedException.class);
        assertThatThrownBy(() -> context.createSubcontext("sub")).isInstanceOf(OperationNotSupportedException.class);
        assertThatThrownBy(() -> context.lookup("jms/Missing")).isInstanceOf(NameNotFoundException.class);
        assertThatThrownBy(() -> context.lookup("dynamicQueues/bad name!")).isInstanceOf(NamingException.class);
        context.close();
    }

    @Test
    void aBadEntryFailsTheContextNamingItsKey() {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, OspreyInitialContextFactory.class.getName());
        environment.put("connectionFactory.broken", "tcp://elsewhere:61616");
        assertThatThrownBy(() -> new InitialContext(environment)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connectionFactory.broken");
        Hashtable<String, String> badQueue = new Hashtable<>();
        badQueue.put(Context.INITIAL_CONTEXT_FACTORY, OspreyInitialContextFactory.class.getName());
        badQueue.put("queue.bad", "no spaces allowed");
        assertThatThrownBy(() -> new InitialContext(badQueue)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("queue.bad");
    }

    @Test
    void anOptionsOnlyFactoryTakesTheNameServersOfTheProviderUrl() throws Exception {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.PROVIDER_URL, "osprey://10.0.0.1:9876,10.0.0.2:9876?user=ignored");
        environment.put("connectionFactory.durable", "?clientId=tck");
        Context context = new OspreyInitialContextFactory().getInitialContext(environment);
        assertThat(((OspreyConnectionFactory) context.lookup("durable")).getUrl())
                .isEqualTo("osprey://10.0.0.1:9876,10.0.0.2:9876?clientId=tck");
        assertThat(((OspreyConnectionFactory) context.lookup("ConnectionFactory")).getUrl())
                .isEqualTo("osprey://10.0.0.1:9876,10.0.0.2:9876?user=ignored");

        Hashtable<String, String> withoutProviderUrl = new Hashtable<>();
        withoutProviderUrl.put("connectionFactory.durable", "?clientId=tck");
        assertThatThrownBy(() -> new OspreyInitialContextFactory().getInitialContext(withoutProviderUrl))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connectionFactory.durable")
                .hasMessageContaining(Context.PROVIDER_URL);
    }

    @Test
    void aFactoryFromJndiConnectsAndMovesMessages() throws Exception {
        // the environment adds a factory for the test's server to what jndi.properties gives
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put("connectionFactory.jms/Live", server.url());
        Context context = new InitialContext(environment);
        ConnectionFactory factory = (ConnectionFactory) context.lookup("jms/Live");
        Queue queue = (Queue) context.lookup("dynamicQueues/" + unique("jndi"));
        assertThat(context.lookup("jms/Orders")).as("jndi.properties still applies").isNotNull();
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession();
            session.createProducer(queue).send(session.createTextMessage("through JNDI"));
            TextMessage received = (TextMessage) session.createConsumer(queue).receive(10_000);
            assertThat(received.getText()).isEqualTo("through JNDI");
        }
        context.close();
    }
}
