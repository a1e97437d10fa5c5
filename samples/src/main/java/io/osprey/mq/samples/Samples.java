package io.osprey.mq.samples;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * What every sample's {@code main} shares: the JNDI context of {@code jndi.properties}, pointed at the server named
 * on the command line.
 */
public final class Samples {
    /** The quick-start server's NameServer. */
    public static final String DEFAULT_URL = "osprey://127.0.0.1:9876";
    /** How long a sample waits for a message before it gives up. */
    static final long RECEIVE_TIMEOUT_MILLIS = 10_000;

    private Samples() {
    }

    /**
     * The JNDI context of the samples: {@code jndi.properties} on the class path names the connection factory and the
     * destinations; {@code args[0]}, when given, is the provider URL ({@code osprey://host:9876}), which replaces
     * {@code java.naming.provider.url} because the constructor's environment wins over {@code jndi.properties}.
     */
    public static Context jndi(String[] args) throws NamingException {
        Hashtable<String, Object> environment = new Hashtable<>();
        if (args.length > 0) {
            environment.put(Context.PROVIDER_URL, args[0]);
        }
        return new InitialContext(environment);
    }

    /** The provider URL of a JNDI context made by {@link #jndi}. */
    static String providerUrl(Context jndi) throws NamingException {
        Object url = jndi.getEnvironment().get(Context.PROVIDER_URL);
        return url == null ? DEFAULT_URL : url.toString();
    }

    /**
     * The NameServer addresses of an Osprey URL in the RocketMQ client's form: {@code osprey://a:9876,b:9876?x=y}
     * is {@code a:9876;b:9876}.
     */
    static String nameServers(String providerUrl) {
        String prefix = "osprey://";
        if (!providerUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("not an Osprey URL (osprey://host:port): " + providerUrl);
        }
        String hosts = providerUrl.substring(prefix.length());
        int options = hosts.indexOf('?');
        return (options < 0 ? hosts : hosts.substring(0, options)).replace(',', ';');
    }
}
