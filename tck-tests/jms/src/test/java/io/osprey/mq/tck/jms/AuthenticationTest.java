package io.osprey.mq.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.tck.jms.support.DedicatedServer;
import io.osprey.mq.tck.jms.support.JmsTck;
import io.osprey.mq.tck.jms.support.UsersCommand;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Section 6.1.1 "Authentication" (credentials are given when a connection is created) and 10.3 (a provider that
 * rejects a user name and password must throw JMSSecurityException, or JMSSecurityRuntimeException in the
 * simplified API). Two servers of their own with {@code authenticationEnabled=true} and one users file written by
 * {@code osprey users add}, as the README tells an operator to: one admits connections without credentials as its
 * {@code defaultUser}, the other refuses them.
 */
class AuthenticationTest extends JmsTck {
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse";
    /** The user and password of jndi.properties' AUTHENTICATED_CONNECTION_FACTORY. */
    private static final String FACTORY_USER = "tckuser";
    private static final String FACTORY_PASSWORD = "tck pass&word";

    private static Path usersFile;
    private static DedicatedServer withDefaultUser;
    private static DedicatedServer withoutDefaultUser;

    @BeforeAll
    static void startServers() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "tck-server"));
        Path folder = Files.createTempDirectory(base, "authentication-");
        usersFile = folder.resolve("users.properties");
        UsersCommand.add(usersFile, USER, PASSWORD);
        UsersCommand.add(usersFile, FACTORY_USER, FACTORY_PASSWORD);
        Map<String, String> authentication = Map.of("authenticationEnabled", "true",
                "usersFile", usersFile.toAbsolutePath().toString());
        withDefaultUser = DedicatedServer.start(folder.resolve("with-default-user"),
                with(authentication, "defaultUser", "guest"));
        withoutDefaultUser = DedicatedServer.start(folder.resolve("without-default-user"), authentication);
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(key, value);
        return all;
    }

    @AfterAll
    static void stopServers() throws Exception {
        try {
            withDefaultUser.close();
        } finally {
            withoutDefaultUser.close();
        }
    }

    private static ConnectionFactory factory(DedicatedServer server) throws Exception {
        return server.connectionFactory();
    }

    /** Sends a message through {@code connection} and receives it: the connection was admitted and is usable. */
    private void assertServes(Connection connection, DedicatedServer server) throws Exception {
        closing(connection).start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = (Queue) server.lookup("dynamicQueues/" + unique("auth"));
        MessageConsumer consumer = session.createConsumer(queue);
        session.createProducer(queue).send(session.createTextMessage("admitted"));
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("admitted");
    }

    private void assertServes(JMSContext context, DedicatedServer server) throws Exception {
        closing(context);
        Queue queue = (Queue) server.lookup("dynamicQueues/" + unique("auth"));
        context.createProducer().send(queue, "admitted");
        assertThat(context.createConsumer(queue).receiveBody(String.class, RECEIVE_MILLIS)).isEqualTo("admitted");
    }

    @Test
    void aUserWithTheRightPasswordIsAdmitted() throws Exception {
        for (DedicatedServer server : new DedicatedServer[] {withDefaultUser, withoutDefaultUser}) {
            assertServes(factory(server).createConnection(USER, PASSWORD), server);
            assertServes(factory(server).createContext(USER, PASSWORD), server);
            assertServes(factory(server).createContext(USER, PASSWORD, JMSContext.CLIENT_ACKNOWLEDGE), server);
            assertServes(((QueueConnectionFactory) factory(server)).createQueueConnection(USER, PASSWORD), server);
            assertServes(((TopicConnectionFactory) factory(server)).createTopicConnection(USER, PASSWORD), server);
        }
    }

    /** 6.1.2's preferred way for a client ID holds for credentials too: the administrator configures the factory. */
    @Test
    void aFactoryConfiguredWithCredentialsIsAdmitted() throws Exception {
        ConnectionFactory configured = (ConnectionFactory) withoutDefaultUser.lookup("AUTHENTICATED_CONNECTION_FACTORY");
        assertServes(configured.createConnection(), withoutDefaultUser);
        assertServes(configured.createContext(), withoutDefaultUser);
    }

    @Test
    void aWrongPasswordIsJmsSecurityException() throws Exception {
        for (DedicatedServer server : new DedicatedServer[] {withDefaultUser, withoutDefaultUser}) {
            ConnectionFactory factory = factory(server);
            assertThatThrownBy(() -> closing(factory.createConnection(USER, "wrong")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> closing(factory.createConnection(USER, "")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> closing(factory.createConnection(USER, null)))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> closing(factory.createConnection(USER, PASSWORD.toUpperCase())))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> closing(((QueueConnectionFactory) factory).createQueueConnection(USER, "x")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> closing(((TopicConnectionFactory) factory).createTopicConnection(USER, "x")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void anUnknownUserIsJmsSecurityException() throws Exception {
        ConnectionFactory factory = factory(withDefaultUser);
        assertThatThrownBy(() -> closing(factory.createConnection("mallory", PASSWORD)))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> closing(factory.createConnection("guest", "")))
                .as("the default user has no password to log in with").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> closing(factory.createConnection("not a valid name\n", PASSWORD)))
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void wrongCredentialsThroughTheSimplifiedApiAreJmsSecurityRuntimeException() throws Exception {
        ConnectionFactory factory = factory(withDefaultUser);
        assertThatThrownBy(() -> closing(factory.createContext(USER, "wrong")))
                .isInstanceOf(JMSSecurityRuntimeException.class);
        assertThatThrownBy(() -> closing(factory.createContext("mallory", "wrong", JMSContext.SESSION_TRANSACTED)))
                .isInstanceOf(JMSSecurityRuntimeException.class);
    }

    @Test
    void withoutCredentialsAConnectionIsTheDefaultUser() throws Exception {
        ConnectionFactory factory = factory(withDefaultUser);
        assertServes(factory.createConnection(), withDefaultUser);
        assertServes(factory.createConnection(null, null), withDefaultUser);
        assertServes(factory.createContext(), withDefaultUser);
        assertServes(((QueueConnectionFactory) factory).createQueueConnection(), withDefaultUser);
    }

    @Test
    void withoutCredentialsAndWithoutADefaultUserAConnectionIsRefused() throws Exception {
        ConnectionFactory factory = factory(withoutDefaultUser);
        assertThatThrownBy(() -> closing(factory.createConnection())).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> closing(factory.createConnection(null, null)))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> closing(((TopicConnectionFactory) factory).createTopicConnection()))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> closing(factory.createContext())).isInstanceOf(JMSSecurityRuntimeException.class);
    }

    @Test
    void refusedConnectionsLeaveTheBrokerServingAndItsMessagesIntact() throws Exception {
        Queue queue = (Queue) withoutDefaultUser.lookup("dynamicQueues/" + unique("kept"));
        Connection before = factory(withoutDefaultUser).createConnection(USER, PASSWORD);
        Session sending = before.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sending.createProducer(queue).send(sending.createTextMessage("stored before the refusals"));
        before.close();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> closing(factory(withoutDefaultUser).createConnection(USER, "guess")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> closing(factory(withoutDefaultUser).createConnection()))
                    .isInstanceOf(JMSSecurityException.class);
        }
        Connection after = closing(factory(withoutDefaultUser).createConnection(USER, PASSWORD));
        after.start();
        MessageConsumer consumer = after.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
        assertThat(((TextMessage) expect(consumer)).getText()).isEqualTo("stored before the refusals");
        assertThat(consumer.receive(NO_MESSAGE_MILLIS)).isNull();
    }

    /** The README: the broker re-reads the users file within 5 s of a change, no restart needed. */
    @Test
    void aUserAddedWhileTheBrokerRunsIsAdmittedSoonAfter() throws Exception {
        String user = unique("bob");
        ConnectionFactory factory = factory(withoutDefaultUser);
        assertThatThrownBy(() -> closing(factory.createConnection(user, "new password")))
                .isInstanceOf(JMSSecurityException.class);
        UsersCommand.add(usersFile, user, "new password");
        Connection admitted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreException(JMSSecurityException.class)
                .until(() -> factory.createConnection(user, "new password"), connection -> connection != null);
        assertServes(admitted, withoutDefaultUser);
        assertServes(factory(withoutDefaultUser).createConnection(USER, PASSWORD), withoutDefaultUser);
    }

    /** The README: a refusal is logged with the user name and never the password, which the answer omits too. */
    @Test
    void aRefusalNamesTheUserButNeverThePassword() throws Exception {
        String guess = "Tr0ub4dor-" + unique("");
        assertThatThrownBy(() -> closing(factory(withoutDefaultUser).createConnection(USER, guess)))
                .isInstanceOf(JMSSecurityException.class)
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain(guess));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(withoutDefaultUser.log())
                .contains("authentication failed for user '" + USER + "'"));
        assertThat(Files.readString(withoutDefaultUser.log())).doesNotContain(guess);
    }
}
