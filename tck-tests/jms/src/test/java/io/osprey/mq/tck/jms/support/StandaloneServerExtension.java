package io.osprey.mq.tck.jms.support;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.naming.Context;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One standalone server for the whole run: started before the first test class that needs it, stopped when the
 * run ends (the root store closes it), and published the way an operator tells a suite where the provider is: the
 * system property {@value Context#PROVIDER_URL}, which {@code new InitialContext()} merges with
 * {@code jndi.properties}.
 */
public final class StandaloneServerExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(StandaloneServerExtension.class, key -> start(), RunningServer.class);
    }

    private static RunningServer start() {
        try {
            Path base = Path.of("target", "tck-server");
            Files.createDirectories(base);
            StandaloneServer server = StandaloneServer.start(Files.createTempDirectory(base, "run-"));
            System.setProperty(Context.PROVIDER_URL, server.url());
            return new RunningServer(server);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the standalone server", e);
        }
    }

    /** Closed by JUnit when the run ends. */
    record RunningServer(StandaloneServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws Exception {
            System.clearProperty(Context.PROVIDER_URL);
            server.close();
        }
    }
}
