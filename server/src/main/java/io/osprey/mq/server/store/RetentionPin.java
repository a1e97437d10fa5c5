package io.osprey.mq.server.store;

/**
 * A hold on the CommitLog from {@link MessageStore#pinRetention}: while it is open, retention deletes no segment
 * holding an offset at or above the pin's current offset. {@link #close()} releases it; closing twice is harmless.
 */
public final class RetentionPin implements AutoCloseable {
    private final String name;
    private final Runnable release;

    RetentionPin(String name, Runnable release) {
        this.name = name;
        this.release = release;
    }

    public String name() {
        return name;
    }

    /** Releases the pin: from the next retention round on it holds nothing back. */
    @Override
    public void close() {
        release.run();
    }

    @Override
    public String toString() {
        return "RetentionPin[" + name + "]";
    }
}
