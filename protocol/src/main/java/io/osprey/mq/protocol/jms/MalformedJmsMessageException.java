package io.osprey.mq.protocol.jms;

/**
 * RocketMQ message properties that cannot be read as the JMS message they claim to be: an {@code OSPREY_TYPES}
 * entry with an unknown type code, a typed value that does not parse as its type, a header value of the wrong form
 * ({@code JMSPriority=high}), a destination string without a known scheme.
 *
 * <p>Only a producer other than Osprey's JMS provider writes such properties (a RocketMQ client that sets
 * {@code JMSPriority} by hand, a tool that rewrote a value); the provider maps this exception to
 * {@code MessageFormatException}.
 */
public final class MalformedJmsMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedJmsMessageException(String message) {
        super(message);
    }

    public MalformedJmsMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
