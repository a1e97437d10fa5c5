package io.osprey.mq.protocol.jms;

import java.util.Objects;

/**
 * A JMS destination as a string, the form {@code JMSReplyTo} and {@code JMSDestination} take on the wire:
 * {@code queue://orders}, {@code topic://prices}, {@code temp-queue://name}, {@code temp-topic://name}. The name is
 * the RocketMQ topic that holds the destination's messages; its rules are the provider's concern, not this record's
 * (a destination string from another producer is parsed whatever its name, and checked where it is used).
 *
 * @param kind which of the four JMS destination types
 * @param name the destination's name, never empty
 */
public record JmsDestinationAddress(Kind kind, String name) {
    /** The four JMS destination types, each with its scheme. */
    public enum Kind {
        QUEUE("queue://"),
        TOPIC("topic://"),
        TEMPORARY_QUEUE("temp-queue://"),
        TEMPORARY_TOPIC("temp-topic://");

        private final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }

        /** The prefix of this kind's string form, {@code "queue://"} for a queue. */
        public String scheme() {
            return scheme;
        }

        public boolean isTemporary() {
            return this == TEMPORARY_QUEUE || this == TEMPORARY_TOPIC;
        }

        public boolean isQueue() {
            return this == QUEUE || this == TEMPORARY_QUEUE;
        }
    }

    public JmsDestinationAddress {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a destination name is empty");
        }
    }

    /**
     * Parses the string form.
     *
     * @throws MalformedJmsMessageException for a string without one of the four schemes or with an empty name
     */
    public static JmsDestinationAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        for (Kind kind : Kind.values()) {
            if (address.startsWith(kind.scheme)) {
                String name = address.substring(kind.scheme.length());
                if (name.isEmpty()) {
                    throw new MalformedJmsMessageException("destination [" + address + "] has an empty name");
                }
                return new JmsDestinationAddress(kind, name);
            }
        }
        throw new MalformedJmsMessageException("destination [" + address
                + "] does not start with queue://, topic://, temp-queue:// or temp-topic://");
    }

    /** The string form, {@code scheme + name}. */
    public String format() {
        return kind.scheme + name;
    }

    @Override
    public String toString() {
        return format();
    }
}
