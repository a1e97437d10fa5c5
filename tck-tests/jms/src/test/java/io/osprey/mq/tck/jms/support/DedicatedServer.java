package io.osprey.mq.tck.jms.support;

import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A standalone server a test class starts for itself, because it needs other settings than the suite's server or
 * kills it. Its administered objects come from a {@code new InitialContext(environment)} whose only entry is this
 * server's provider URL, so the suite's {@code jndi.properties} names the same objects as for the suite's server.
 * A restart keeps the data folder and the settings; the ports, and so the URL, change.
 */
public final class DedicatedServer implements AutoCloseable {
    private final Path dataDir;
    private final Map<String, String> settings;
    private StandaloneServer server;

    private DedicatedServer(Path dataDir, Map<String, String> settings, StandaloneServer server) {
        this.dataDir = dataDir;
        this.settings = settings;
        this.server = server;
    }

    /** Starts a server on {@code dataDir} with {@code settings} added to the suite's (see {@link StandaloneServer}). */
    public static DedicatedServer start(Path dataDir, Map<String, String> settings) throws IOException {
        return new DedicatedServer(dataDir, Map.copyOf(settings), StandaloneServer.start(dataDir, settings));
    }

    public Object lookup(String name) throws NamingException {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.PROVIDER_URL, server.url());
        InitialContext context = new InitialContext(environment);
        try {
            return context.lookup(name);
        } finally {
            context.close();
        }
    }

    public ConnectionFactory connectionFactory() throws NamingException {
        return (ConnectionFactory) lookup("ConnectionFactory");
    }

    public String url() {
        return server.url();
    }

    public Path log() {
        return server.log();
    }

    /** SIGKILL, then a start on the same data with the same settings; its clients must connect anew. */
    public void killAndRestart() throws IOException, InterruptedException {
        server.kill();
        server = StandaloneServer.start(dataDir, settings);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
