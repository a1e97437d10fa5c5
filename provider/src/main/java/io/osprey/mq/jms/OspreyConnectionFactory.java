package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.ProviderUrl;
import io.osprey.mq.protocol.dispatch.ClientIds;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * The administered object an application connects with (spec 5.1, 6.1): one URL naming the NameServers and the
 * connection options, {@code osprey://host:9876,host2:9876?clientId=app&user=u&password=p}. A client ID in the URL is
 * administratively configured (spec 6.1.2): every connection gets it and {@code setClientID} refuses to change it;
 * one that breaks the rules of {@link ClientIds} makes every connection attempt an {@code InvalidClientIDException}.
 *
 * <p>Immutable and thread-safe; serializable as its URL, and referenceable through
 * {@link ConnectionFactoryObjectFactory}, so any JNDI tree can hold it.
 */
public final class OspreyConnectionFactory implements ConnectionFactory, QueueConnectionFactory,
        TopicConnectionFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;
    /** The {@link javax.naming.RefAddr} type holding the URL in a {@link #getReference() Reference}. */
    static final String URL_ADDRESS = "url";

    private final String url;
    private transient ProviderUrl parsed;

    /**
     * @param url {@code osprey://host:port[,host:port][?clientId=&user=&password=&prefetch=&requestTimeoutMillis=]}
     * @throws IllegalArgumentException naming what is wrong with the URL
     */
    public OspreyConnectionFactory(String url) {
        this.parsed = ProviderUrl.parse(url);
        this.url = url;
    }

    /** The URL as given, password included: what {@link #getReference()} and serialization carry. */
    public String getUrl() {
        return url;
    }

    /** The connection with the URL's credentials, if any. */
    @Override
    public Connection createConnection() throws JMSException {
        return connect(parsed.option("user"), parsed.option("password"));
    }

    /** A connection authenticated as {@code user}: these credentials replace the URL's. */
    @Override
    public Connection createConnection(String user, String password) throws JMSException {
        return connect(user, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return connect(parsed.option("user"), parsed.option("password"));
    }

    @Override
    public QueueConnection createQueueConnection(String user, String password) throws JMSException {
        return connect(user, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return connect(parsed.option("user"), parsed.option("password"));
    }

    @Override
    public TopicConnection createTopicConnection(String user, String password) throws JMSException {
        return connect(user, password);
    }

    private OspreyConnection connect(String user, String password) throws JMSException {
        String clientId = parsed.option("clientId");
        String problem = clientId == null ? null : ClientIds.problem(clientId);
        if (problem != null) {
            throw new InvalidClientIDException("the connection factory's client ID [" + ClientIds.printable(clientId)
                    + "] is refused: " + problem);
        }
        ClientConnection client = ClientConnection.open(parsed, user, password, clientId);
        return new OspreyConnection(client, clientId != null);
    }

    /** A context with the URL's credentials and AUTO_ACKNOWLEDGE. */
    @Override
    public JMSContext createContext() {
        return createContext(parsed.option("user"), parsed.option("password"), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    /** A context on a connection of its own; contexts made from it by {@code createContext(int)} share that. */
    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        try {
            return OspreyJmsContext.open(connect(userName, password), sessionMode);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(parsed.option("user"), parsed.option("password"), sessionMode);
    }

    /** A reference {@link ConnectionFactoryObjectFactory} turns back into an equal factory. */
    @Override
    public Reference getReference() {
        Reference reference = new Reference(OspreyConnectionFactory.class.getName(),
                ConnectionFactoryObjectFactory.class.getName(), null);
        reference.add(new StringRefAddr(URL_ADDRESS, url));
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof OspreyConnectionFactory other && url.equals(other.url));
    }

    @Override
    public int hashCode() {
        return url.hashCode();
    }

    /** The URL without its password. */
    @Override
    public String toString() {
        return "OspreyConnectionFactory[" + parsed + "]";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        try {
            parsed = ProviderUrl.parse(Objects.requireNonNull(url, "url"));
        } catch (IllegalArgumentException | NullPointerException e) {
            InvalidObjectException invalid = new InvalidObjectException("bad connection factory URL: "
                    + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }
}
