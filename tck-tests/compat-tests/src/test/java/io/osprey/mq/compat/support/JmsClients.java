package io.osprey.mq.compat.support;

import io.osprey.mq.jms.OspreyConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.util.ArrayDeque;
import java.util.Deque;

/** JMS connections of Osprey's provider to the test cluster's NameServer, all closed by {@link #close}. */
public final class JmsClients implements AutoCloseable {
    private final OspreyConnectionFactory factory;
    private final Deque<Connection> connections = new ArrayDeque<>();

    public JmsClients(String namesrvAddr) {
        // the provider URL separates NameServers with ',' where the RocketMQ client uses ';'
        this.factory = new OspreyConnectionFactory("osprey://" + namesrvAddr.replace(';', ','));
    }

    /** A started connection. */
    public Connection connection() throws JMSException {
        Connection connection = factory.createConnection();
        connections.push(connection);
        connection.start();
        return connection;
    }

    @Override
    public void close() throws JMSException {
        JMSException failure = null;
        while (!connections.isEmpty()) {
            try {
                connections.pop().close();
            } catch (JMSException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
