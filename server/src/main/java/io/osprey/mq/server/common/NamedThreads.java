package io.osprey.mq.server.common;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thread pools whose threads are named after their role, as every Osprey thread is. */
public final class NamedThreads {
    private static final Logger LOG = LoggerFactory.getLogger(NamedThreads.class);

    private NamedThreads() {
    }

    public static ThreadFactory factory(String role) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "osprey-" + role + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("thread {} died", t.getName(), e));
            return thread;
        };
    }

    /**
     * A fixed pool with a bounded queue: when full it rejects at once, so that the request is answered
     * SYSTEM_BUSY instead of waiting behind thousands of others.
     */
    public static ExecutorService boundedPool(String role, int threads, int queueCapacity) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), factory(role), new ThreadPoolExecutor.AbortPolicy());
    }

    public static ScheduledExecutorService scheduler(String role) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, factory(role));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** Stops {@code executor}, waiting up to {@code millis} for queued work to finish. */
    public static void shutdown(ExecutorService executor, long millis) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
