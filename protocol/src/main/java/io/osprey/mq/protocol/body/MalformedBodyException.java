package io.osprey.mq.protocol.body;

/** A request body that does not parse as the structure its request code requires. */
public final class MalformedBodyException extends IllegalArgumentException {
    public MalformedBodyException(String message) {
        super(message);
    }

    public MalformedBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
