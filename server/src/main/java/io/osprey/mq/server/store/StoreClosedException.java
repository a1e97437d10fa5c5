package io.osprey.mq.server.store;

/** The store is closed (or closing); the request was not taken. */
public final class StoreClosedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreClosedException() {
        super("store is closed");
    }
}
