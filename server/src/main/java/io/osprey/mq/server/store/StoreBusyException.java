package io.osprey.mq.server.store;

/** The writer's queue is full; the append was not taken. The broker answers SYSTEM_BUSY at once. */
public final class StoreBusyException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreBusyException(int capacity) {
        super("CommitLog writer queue is full (" + capacity + " requests)");
    }
}
