package io.osprey.mq.server.metadata;

/** A consumer group name that RocketMQ's rules reject: empty, longer than 255 characters, or outside {@code [%|a-zA-Z0-9_-]}. */
public final class InvalidGroupNameException extends IllegalArgumentException {
    public InvalidGroupNameException(String message) {
        super(message);
    }
}
