package io.osprey.mq.server.metadata;

/** A topic name that RocketMQ's rules reject: empty, longer than 127 characters, or outside {@code [%|a-zA-Z0-9_-]}. */
public final class InvalidTopicNameException extends IllegalArgumentException {
    public InvalidTopicNameException(String message) {
        super(message);
    }
}
