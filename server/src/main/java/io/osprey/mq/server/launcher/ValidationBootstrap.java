package io.osprey.mq.server.launcher;

import io.osprey.mq.server.config.ConfigLoader;
import jakarta.validation.ValidatorFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@link ValidatorFactory} of {@link ConfigLoader#validatorFactory()}, built on a thread of its own from the
 * moment the command line is handed to picocli. Bootstrapping Hibernate Validator (and, through its logging,
 * Logback) is the costliest step before a configuration can be checked, and it needs nothing from the command
 * line, so it runs while picocli builds and parses the command line on the main thread (BENCHMARKS.md, Time to
 * ready). A command that never validates (help, version, a bad option) leaves the factory to the process exit.
 */
final class ValidationBootstrap {
    private final CompletableFuture<ValidatorFactory> factory = new CompletableFuture<>();

    private ValidationBootstrap() {
    }

    static ValidationBootstrap start() {
        ValidationBootstrap bootstrap = new ValidationBootstrap();
        Thread thread = new Thread(() -> {
            try {
                bootstrap.factory.complete(ConfigLoader.validatorFactory());
            } catch (Throwable e) {
                bootstrap.factory.completeExceptionally(e);
            }
        }, "osprey-validation-bootstrap");
        thread.setDaemon(true);
        thread.start();
        return bootstrap;
    }

    /**
     * Waits for the factory; the caller closes it.
     *
     * @throws RuntimeException or Error as the bootstrap threw it
     */
    ValidatorFactory await() {
        try {
            return factory.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
