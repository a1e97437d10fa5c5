package io.osprey.mq.server.metadata;

import java.io.IOException;

/**
 * Metadata could not be read or made durable (a failed write, fsync or rename). The change it carried did not
 * happen; a broker seeing this on a write stops rather than acknowledge what may not survive a restart.
 */
public final class MetadataIoException extends RuntimeException {
    public MetadataIoException(String message, IOException cause) {
        super(message + ": " + cause, cause);
    }
}
