package io.osprey.mq.server.store;

/** Base of the store's typed failures; the broker maps each subclass to one response code. */
public abstract class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected StoreException(String message) {
        super(message);
    }

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
