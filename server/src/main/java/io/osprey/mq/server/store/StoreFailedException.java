package io.osprey.mq.server.store;

/**
 * The store stopped accepting appends after a write or fsync failed (its cause). Acknowledged data may be at
 * risk, so the store never retries: the broker must stop and recover on restart.
 */
public final class StoreFailedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreFailedException(Throwable cause) {
        super("store failed and accepts no more appends: " + cause.getMessage(), cause);
    }
}
