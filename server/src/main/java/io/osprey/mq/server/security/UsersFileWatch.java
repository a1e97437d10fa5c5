package io.osprey.mq.server.security;

import io.osprey.mq.server.common.NamedThreads;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the users file for changes on one thread, {@code osprey-users-reload-1}, every {@code intervalMillis}.
 * Polling the modification time rather than a {@code WatchService}: one code path on every file system
 * (network mounts and macOS deliver no or late events), and a bound on how stale the users can be. Everything it
 * does is {@link UserRegistry#reloadIfChanged}, which tests call directly.
 */
final class UsersFileWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsersFileWatch.class);

    private final ScheduledExecutorService scheduler;

    private UsersFileWatch(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static UsersFileWatch start(UserRegistry registry, long intervalMillis) {
        ScheduledExecutorService scheduler = NamedThreads.scheduler("users-reload");
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                registry.reloadIfChanged();
            } catch (RuntimeException e) {
                // a thrown exception would cancel the schedule and freeze the users for the broker's lifetime
                LOG.error("checking users file {} failed; checking again in {} ms", registry.file(),
                        intervalMillis, e);
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return new UsersFileWatch(scheduler);
    }

    @Override
    public void close() {
        NamedThreads.shutdown(scheduler, 1_000);
    }
}
