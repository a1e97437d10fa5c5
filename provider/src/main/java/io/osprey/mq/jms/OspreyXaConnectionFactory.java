package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.ProviderUrl;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.TopicConnection;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * The administered object a transaction manager's application connects with for XA (spec 5.1, the javadoc of
 * {@link jakarta.jms.XAConnectionFactory}): the same URL as {@link OspreyConnectionFactory}'s, whose connections and
 * contexts it also makes, and XA connections and contexts whose sessions' {@link javax.transaction.xa.XAResource}s a
 * transaction manager enlists.
 *
 * <p>Immutable and thread-safe; serializable as its URL, and referenceable through
 * {@link ConnectionFactoryObjectFactory}.
 */
public final class OspreyXaConnectionFactory implements XAQueueConnectionFactory, XATopicConnectionFactory,
        Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final String url;
    private transient ProviderUrl parsed;
    private transient OspreyConnectionFactory plain;

    /**
     * @param url {@code osprey://host:port[,host:port][?options]}, as {@link OspreyConnectionFactory} takes it
     * @throws IllegalArgumentException naming what is wrong with the URL
     */
    public OspreyXaConnectionFactory(String url) {
        this.plain = new OspreyConnectionFactory(url);
        this.parsed = ProviderUrl.parse(url);
        this.url = url;
    }

    /** The URL as given, password included: what {@link #getReference()} and serialization carry. */
    public String getUrl() {
        return url;
    }

    // ---------------------------------------------------------------- XA

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return connect(parsed.option("user"), parsed.option("password"));
    }

    @Override
    public XAConnection createXAConnection(String user, String password) throws JMSException {
        return connect(user, password);
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return connect(parsed.option("user"), parsed.option("password"));
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String user, String password) throws JMSException {
        return connect(user, password);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return connect(parsed.option("user"), parsed.option("password"));
    }

    @Override
    public XATopicConnection createXATopicConnection(String user, String password) throws JMSException {
        return connect(user, password);
    }

    @Override
    public XAJMSContext createXAContext() {
        return createXAContext(parsed.option("user"), parsed.option("password"));
    }

    @Override
    public XAJMSContext createXAContext(String user, String password) {
        try {
            return OspreyXaJmsContext.open(connect(user, password));
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    private OspreyXaConnection connect(String user, String password) throws JMSException {
        String clientId = parsed.option("clientId");
        return new OspreyXaConnection(ClientConnection.open(parsed, user, password, clientId), clientId != null);
    }

    // ---------------------------------------------------------------- plain connections and contexts

    @Override
    public Connection createConnection() throws JMSException {
        return plain.createConnection();
    }

    @Override
    public Connection createConnection(String user, String password) throws JMSException {
        return plain.createConnection(user, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return plain.createQueueConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String user, String password) throws JMSException {
        return plain.createQueueConnection(user, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return plain.createTopicConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String user, String password) throws JMSException {
        return plain.createTopicConnection(user, password);
    }

    @Override
    public JMSContext createContext() {
        return plain.createContext();
    }

    @Override
    public JMSContext createContext(String user, String password) {
        return plain.createContext(user, password);
    }

    @Override
    public JMSContext createContext(String user, String password, int sessionMode) {
        return plain.createContext(user, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return plain.createContext(sessionMode);
    }

    // ---------------------------------------------------------------- administered object

    /** A reference {@link ConnectionFactoryObjectFactory} turns back into an equal factory. */
    @Override
    public Reference getReference() {
        Reference reference = new Reference(OspreyXaConnectionFactory.class.getName(),
                ConnectionFactoryObjectFactory.class.getName(), null);
        reference.add(new StringRefAddr(OspreyConnectionFactory.URL_ADDRESS, url));
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof OspreyXaConnectionFactory other && url.equals(other.url));
    }

    @Override
    public int hashCode() {
        return url.hashCode() * 31 + 1;
    }

    /** The URL without its password. */
    @Override
    public String toString() {
        return "OspreyXaConnectionFactory[" + parsed + "]";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        try {
            parsed = ProviderUrl.parse(Objects.requireNonNull(url, "url"));
            plain = new OspreyConnectionFactory(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            InvalidObjectException invalid = new InvalidObjectException("bad connection factory URL: "
                    + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }
}
