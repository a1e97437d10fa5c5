package io.osprey.mq.compat.support;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique topic, group and instance names, so tests sharing one broker never see each other's messages. */
public final class Names {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);

    private Names() {
    }

    public static String unique(String prefix) {
        return prefix + "_" + RUN + "_" + COUNTER.incrementAndGet();
    }
}
