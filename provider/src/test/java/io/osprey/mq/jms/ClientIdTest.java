package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.factory;
import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.ProviderUrl;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jakarta Messaging 3.1 section 6.1.2 "Client identifier" and the javadoc of {@code Connection.setClientID}: set once,
 * by the factory or before any other use of the connection; an administratively configured one cannot be changed;
 * one held by another connection is refused by the broker; an unshared durable subscription needs one.
 */
class ClientIdTest {
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
    void theFactorysClientIdIsFixed() throws Exception {
        String id = unique("factory-");
        try (Connection connection = factory(server, id).createConnection()) {
            assertThat(connection.getClientID()).isEqualTo(id);
            assertThatThrownBy(() -> connection.setClientID(unique("other-")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("configured");
        }
    }

    @Test
    void setClientIdWorksOnceBeforeAnyOtherUse() throws Exception {
        String id = unique("set-");
        try (Connection connection = factory(server).createConnection()) {
            assertThat(connection.getClientID()).isNull();
            connection.setClientID(id);
            assertThat(connection.getClientID()).isEqualTo(id);
            assertThatThrownBy(() -> connection.setClientID(unique("again-")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void setClientIdAfterTheConnectionWasUsedIsAnIllegalState() throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            connection.createSession().close();
            assertThatThrownBy(() -> connection.setClientID(unique("late-")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("before");
        }
        try (Connection connection = factory(server).createConnection()) {
            connection.start();
            assertThatThrownBy(() -> connection.setClientID(unique("late-")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aClientIdHeldByAnotherConnectionIsRefused() throws Exception {
        String id = unique("held-");
        try (Connection holder = factory(server, id).createConnection()) {
            assertThat(holder.getClientID()).isEqualTo(id);
            assertThatThrownBy(() -> factory(server, id).createConnection())
                    .isInstanceOf(InvalidClientIDException.class);
            try (Connection other = factory(server).createConnection()) {
                assertThatThrownBy(() -> other.setClientID(id)).isInstanceOf(InvalidClientIDException.class);
            }
        }
        // released when its holder closed
        try (Connection next = factory(server).createConnection()) {
            next.setClientID(id);
            assertThat(next.getClientID()).isEqualTo(id);
        }
    }

    @Test
    void aBlankClientIdIsInvalid() throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            assertThatThrownBy(() -> connection.setClientID(" ")).isInstanceOf(InvalidClientIDException.class);
        }
    }

    /** The README's client ID rules: what the broker cannot key a subscription by, store or log. */
    @ParameterizedTest
    @ValueSource(strings = {"", " lead", "trail ", "a:b", "nul\u0000", "sep\u0001", "line\nbreak", "\ud800"})
    void setClientIdRefusesAMalformedIdAndTheConnectionStaysUsable(String clientId) throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            assertThatThrownBy(() -> connection.setClientID(clientId)).isInstanceOf(InvalidClientIDException.class)
                    .hasMessageContaining("refused: a client ID must not");
            assertThatThrownBy(() -> connection.setClientID(null)).isInstanceOf(InvalidClientIDException.class);
            assertThatThrownBy(() -> connection.setClientID("x".repeat(256)))
                    .isInstanceOf(InvalidClientIDException.class).hasMessageContaining("at most 255");
            String valid = unique("after-");
            connection.setClientID(valid);
            assertThat(connection.getClientID()).isEqualTo(valid);
        }
    }

    @Test
    void aFactoryWithAMalformedClientIdRefusesEveryConnection() {
        OspreyConnectionFactory factory = new OspreyConnectionFactory(server.url() + "?clientId="
                + URLEncoder.encode("billing:eu", StandardCharsets.UTF_8));

        assertThatThrownBy(factory::createConnection).isInstanceOf(InvalidClientIDException.class)
                .hasMessageContaining("billing:eu").hasMessageContaining("':'");
        assertThatThrownBy(factory::createContext).isInstanceOf(InvalidClientIDRuntimeException.class);
        assertThatThrownBy(() -> new OspreyConnectionFactory(server.url() + "?clientId=%20").createConnection())
                .isInstanceOf(InvalidClientIDException.class).hasMessageContaining("blank");
    }

    @Test
    void theFactoryChecksTheClientIdBeforeItConnects() {
        OspreyConnectionFactory nowhere = new OspreyConnectionFactory("osprey://127.0.0.1:1?clientId=a%0Ab");

        assertThatThrownBy(nowhere::createConnection).isInstanceOf(InvalidClientIDException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void theBrokersRefusalOfAClientThatSkippedTheCheckIsAnInvalidClientIdToo() {
        assertThatThrownBy(() -> ClientConnection.open(ProviderUrl.parse(server.url()), null, null, "a:b"))
                .isInstanceOf(InvalidClientIDException.class).hasMessageContaining("refused");
    }

    @Test
    void anUnsharedDurableSubscriptionNeedsAClientId() throws Exception {
        try (Connection connection = factory(server).createConnection()) {
            Session session = connection.createSession();
            assertThatThrownBy(() -> session.createDurableConsumer(session.createTopic(unique("t")), "sub"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("client ID");
        }
    }
}
