package io.osprey.mq.jms.jndi;

import io.osprey.mq.jms.OspreyConnectionFactory;
import io.osprey.mq.jms.OspreyXaConnectionFactory;
import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTopic;
import jakarta.jms.InvalidDestinationException;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * The JNDI entry point ({@code java.naming.factory.initial=io.osprey.mq.jms.jndi.OspreyInitialContextFactory}), so
 * that code written for any provider finds Osprey's administered objects through a plain {@code new
 * InitialContext()}. Everything comes from the environment, into which {@code InitialContext} merges every
 * {@code jndi.properties} on the classpath:
 *
 * <pre>
 *   connectionFactory.&lt;name&gt; = osprey://host:9876[,host:9876][?clientId=&amp;user=&amp;password=]
 *   xaConnectionFactory.&lt;name&gt; = the same, bound as an XA connection factory
 *   queue.&lt;name&gt;             = &lt;physical queue name&gt;
 *   topic.&lt;name&gt;             = &lt;physical topic name&gt;
 *   java.naming.provider.url  = an Osprey URL: also bound as "ConnectionFactory" unless that name is configured
 *   connectionFactory.&lt;name&gt; = ?clientId=...   (options only: the NameServers of java.naming.provider.url)
 * </pre>
 *
 * <p>An options-only entry lets a suite's or an application's {@code jndi.properties} configure several factories
 * (a client ID for durable subscriptions, credentials) while the NameServer addresses are given once, in the
 * provider URL, often as a system property set by whoever starts the program; the provider URL's own options are
 * not inherited, so each factory says exactly what it sets.
 *
 * and without configuration {@code dynamicQueues/<name>} and {@code dynamicTopics/<name>} give the queue or topic
 * of that name. A bad URL or destination name fails {@code new InitialContext()} with a
 * {@link ConfigurationException} naming the key.
 */
public final class OspreyInitialContextFactory implements InitialContextFactory {
    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String XA_CONNECTION_FACTORY_PREFIX = "xaConnectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";
    /** The name {@link Context#PROVIDER_URL} is bound under. */
    public static final String DEFAULT_CONNECTION_FACTORY = "ConnectionFactory";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, Object> bindings = new LinkedHashMap<>();
        Map<String, String> entries = new TreeMap<>();
        if (environment != null) {
            environment.forEach((key, value) -> {
                if (key instanceof String k && value instanceof String v) {
                    entries.put(k, v.trim());
                }
            });
        }
        String providerUrl = entries.get(Context.PROVIDER_URL);
        if (providerUrl != null && !providerUrl.isEmpty()
                && !entries.containsKey(CONNECTION_FACTORY_PREFIX + DEFAULT_CONNECTION_FACTORY)) {
            bindings.put(DEFAULT_CONNECTION_FACTORY, connectionFactory(Context.PROVIDER_URL, providerUrl));
        }
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                bindings.put(name(key, CONNECTION_FACTORY_PREFIX),
                        connectionFactory(key, withNameServers(key, entry.getValue(), providerUrl)));
            } else if (key.startsWith(XA_CONNECTION_FACTORY_PREFIX)) {
                bindings.put(name(key, XA_CONNECTION_FACTORY_PREFIX),
                        xaConnectionFactory(key, withNameServers(key, entry.getValue(), providerUrl)));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bindings.put(name(key, QUEUE_PREFIX), destination(key, entry.getValue(), true));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bindings.put(name(key, TOPIC_PREFIX), destination(key, entry.getValue(), false));
            }
        }
        return new PropertiesContext(environment, bindings);
    }

    private static String name(String key, String prefix) throws ConfigurationException {
        String name = key.substring(prefix.length());
        if (name.isEmpty()) {
            throw new ConfigurationException("JNDI entry " + key + " has no name after '" + prefix + "'");
        }
        return name;
    }

    /** An options-only value ({@code ?a=b}) gets the NameServers of the provider URL; a full URL stays as it is. */
    private static String withNameServers(String key, String url, String providerUrl) throws ConfigurationException {
        if (!url.startsWith("?")) {
            return url;
        }
        if (providerUrl == null || providerUrl.isEmpty()) {
            throw new ConfigurationException("JNDI entry " + key + " gives only options (" + url + "): set "
                    + Context.PROVIDER_URL + " to the Osprey URL whose NameServers it uses");
        }
        int options = providerUrl.indexOf('?');
        return (options < 0 ? providerUrl : providerUrl.substring(0, options)) + url;
    }

    private static OspreyConnectionFactory connectionFactory(String key, String url) throws ConfigurationException {
        try {
            return new OspreyConnectionFactory(url);
        } catch (IllegalArgumentException e) {
            ConfigurationException bad = new ConfigurationException("JNDI entry " + key + ": " + e.getMessage());
            bad.setRootCause(e);
            throw bad;
        }
    }

    private static OspreyXaConnectionFactory xaConnectionFactory(String key, String url)
            throws ConfigurationException {
        try {
            return new OspreyXaConnectionFactory(url);
        } catch (IllegalArgumentException e) {
            ConfigurationException bad = new ConfigurationException("JNDI entry " + key + ": " + e.getMessage());
            bad.setRootCause(e);
            throw bad;
        }
    }

    private static Object destination(String key, String physicalName, boolean queue) throws ConfigurationException {
        try {
            return queue ? new OspreyQueue(physicalName) : new OspreyTopic(physicalName);
        } catch (InvalidDestinationException e) {
            ConfigurationException bad = new ConfigurationException("JNDI entry " + key + ": " + e.getMessage());
            bad.setRootCause(e);
            throw bad;
        }
    }
}
