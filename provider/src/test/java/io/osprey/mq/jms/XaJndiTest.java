package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.jndi.OspreyInitialContextFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnectionFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Hashtable;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XA connection factory as an administered object (spec 5.1): bound through JNDI by
 * {@code xaConnectionFactory.<name>}, with a full URL or options on the provider URL's NameServers; serializable and
 * referenceable; an XA and a plain connection factory both.
 */
class XaJndiTest {
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

    private static Context context(String... keysAndValues) throws Exception {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, OspreyInitialContextFactory.class.getName());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            environment.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new InitialContext(environment);
    }

    @Test
    void xaConnectionFactoryEntriesBindXaFactoriesThatConnect() throws Exception {
        Context context = context(Context.PROVIDER_URL, server.url(),
                "xaConnectionFactory.jms/XA", server.url(),
                "xaConnectionFactory.jms/XAWithClientId", "?clientId=" + unique("xa-client"));
        try {
            Object bound = context.lookup("jms/XA");
            assertThat(bound).isInstanceOf(XAConnectionFactory.class).isInstanceOf(XAQueueConnectionFactory.class)
                    .isInstanceOf(XATopicConnectionFactory.class).isInstanceOf(ConnectionFactory.class);
            assertThat(context.lookup("ConnectionFactory")).isNotInstanceOf(XAConnectionFactory.class);
            OspreyXaConnectionFactory withClientId = (OspreyXaConnectionFactory) context.lookup("jms/XAWithClientId");
            assertThat(withClientId.getUrl()).startsWith(server.url() + "?clientId=");

            Queue queue = new OspreyQueue(unique("jndi-xa"));
            try (XAConnection connection = ((XAConnectionFactory) bound).createXAConnection()) {
                connection.start();
                XASession session = connection.createXASession();
                XAResource resource = session.getXAResource();
                Xid xid = TestXid.fresh();
                resource.start(xid, XAResource.TMNOFLAGS);
                session.createProducer(queue).send(session.createTextMessage("through JNDI"));
                resource.end(xid, XAResource.TMSUCCESS);
                resource.commit(xid, true);
                try (Session reading = connection.createSession()) {
                    Message m = reading.createConsumer(queue).receive(10_000);
                    assertThat(((TextMessage) m).getText()).isEqualTo("through JNDI");
                }
            }
        } finally {
            context.close();
        }
    }

    @Test
    void aBadXaEntryFailsTheContextNamingItsKey() {
        assertThatThrownBy(() -> context("xaConnectionFactory.jms/Bad", "http://nowhere"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("xaConnectionFactory.jms/Bad");
        assertThatThrownBy(() -> context(Context.PROVIDER_URL, server.url(), "xaConnectionFactory.jms/Unknown",
                "?colour=blue")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("xaConnectionFactory.jms/Unknown");
    }

    @Test
    void theXaFactorySurvivesSerializationAndItsReference() throws Exception {
        OspreyXaConnectionFactory factory = new OspreyXaConnectionFactory(server.url() + "?prefetch=7");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = in.readObject();
        }
        Object dereferenced = new ConnectionFactoryObjectFactory().getObjectInstance(factory.getReference(), null,
                null, null);

        assertThat(read).isEqualTo(factory).isInstanceOf(OspreyXaConnectionFactory.class);
        assertThat(dereferenced).isEqualTo(factory).isInstanceOf(OspreyXaConnectionFactory.class);
        assertThat(factory).isNotEqualTo(new OspreyConnectionFactory(factory.getUrl()));
        try (XAConnection connection = ((OspreyXaConnectionFactory) read).createXAConnection()) {
            assertThat(connection.createXASession().getXAResource()).isNotNull();
        }
    }
}
