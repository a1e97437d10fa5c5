package io.osprey.mq.server.launcher;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the roles of one process in order, prints a ready line for each, and stops them in reverse order
 * (broker before NameServer, so the broker can still unregister) when the JVM is asked to stop.
 *
 * <p>SIGTERM and Ctrl-C run the shutdown hook installed here. A JVM stopped by a signal exits with 128 + the
 * signal number even when every hook succeeded; a clean, graceful stop is a success for an operator or a service
 * manager, so once the roles are closed the hook halts with 0. A stop requested while a role is starting closes
 * that role too (its own close waits for its start), and no later role starts. A start that fails closes what it
 * started and leaves the exit code to the launcher.
 */
final class ServerLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLifecycle.class);
    static final int EXIT_START_FAILED = 1;

    private final LaunchEnvironment launch;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Guarded by this. */
    private final Deque<Role> started = new ArrayDeque<>();
    /** Guarded by this: the role whose start is running. */
    private Role starting;
    /** Guarded by this: a stop was requested; nothing more starts. */
    private boolean stopping;
    /** Set when the launcher itself ends the process (a failed start), so the hook must not claim success. */
    private volatile boolean exiting;

    ServerLifecycle(LaunchEnvironment launch) {
        this.launch = launch;
        launch.runtime().addShutdownHook(new Thread(this::onShutdown, "osprey-shutdown"));
    }

    /**
     * Starts a role and prints its ready line; does nothing once a stop was requested.
     *
     * @throws StartFailedException after closing this role and every role started before it
     */
    void start(Role role) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            starting = role;
        }
        try {
            role.start().run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            exiting = true;
            // the role may hold threads or a bound port from a partial start
            close(role, e);
            stopAll();
            throw new StartFailedException(role.title() + " failed to start: " + e.getMessage(), e);
        }
        synchronized (this) {
            starting = null;
            if (stopping) {
                return;
            }
            started.push(role);
        }
        launch.out().println(role.readyLine());
        launch.out().flush();
    }

    /** Blocks the launching thread until the shutdown hook has stopped every role. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void onShutdown() {
        if (exiting) {
            return;
        }
        LOG.info("stop requested, stopping gracefully");
        Role interrupted;
        synchronized (this) {
            stopping = true;
            interrupted = starting;
        }
        if (interrupted != null) {
            close(interrupted, null);
        }
        stopAll();
        LOG.info("Osprey stopped");
        stopped.countDown();
        launch.runtime().halt(0);
    }

    private void stopAll() {
        while (true) {
            Role role;
            synchronized (this) {
                role = started.poll();
            }
            if (role == null) {
                return;
            }
            close(role, null);
        }
    }

    /** Closes a role; a failure is kept on {@code failure} when there is one, else logged. */
    private static void close(Role role, Exception failure) {
        try {
            role.close().run();
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.error("{} did not stop cleanly", role.title(), e);
            }
        }
    }

    /** A role could not start; it and everything started before it are closed. */
    static final class StartFailedException extends RuntimeException {
        StartFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
