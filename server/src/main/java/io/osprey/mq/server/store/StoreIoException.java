package io.osprey.mq.server.store;

import java.io.IOException;

/** A read, write, fsync or file operation of the store failed. A failed write or fsync also fails the store. */
public final class StoreIoException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreIoException(String message, IOException cause) {
        super(message, cause);
    }

    public StoreIoException(String message) {
        super(message);
    }
}
