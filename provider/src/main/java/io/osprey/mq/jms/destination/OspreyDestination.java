package io.osprey.mq.jms.destination;

import io.osprey.mq.protocol.jms.JmsDestinationAddress;
import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import io.osprey.mq.protocol.jms.MalformedJmsMessageException;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * A destination of Osprey's provider: a kind and the name of the RocketMQ topic holding its messages. Two destinations
 * are equal when kind and name are; a queue and a topic of the same name are different destinations over the same
 * RocketMQ topic.
 *
 * <p>This class also owns the string form used on the wire ({@link #format()}, {@link #parse(String)}), so a
 * {@code JMSReplyTo} written by one side is read back as an equal destination by the other.
 */
public abstract sealed class OspreyDestination implements Destination, Serializable, Referenceable
        permits OspreyQueue, OspreyTopic, OspreyTemporaryDestination {
    private static final long serialVersionUID = 1L;

    /** The broker's rules for a topic name (its {@code TopicConfig.validateName}, after RocketMQ's). */
    static final Pattern VALID_NAME = Pattern.compile("^[%|a-zA-Z0-9_-]+$");
    static final int MAX_NAME_LENGTH = 127;
    /** Topics the broker keeps for itself: the auto-creation template, delayed messages, system topics. */
    private static final String AUTO_CREATE_TEMPLATE = "TBW102";
    private static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    private static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";
    /** The {@link javax.naming.RefAddr} type holding the name in a {@link #getReference() Reference}. */
    static final String NAME_ADDRESS = "name";

    private final Kind kind;
    private final String name;

    OspreyDestination(Kind kind, String name) throws InvalidDestinationException {
        validateName(name);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = name;
    }

    /**
     * Checks a destination name against the broker's topic rules: not empty, at most 127 characters, only
     * {@code a-z A-Z 0-9 % | _ -}, and not a topic the broker keeps for itself ({@code TBW102},
     * {@code SCHEDULE_TOPIC_XXXX}, {@code rmq_sys_...}).
     *
     * @throws InvalidDestinationException naming the rule the name breaks
     */
    public static void validateName(String name) throws InvalidDestinationException {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new InvalidDestinationException(problem);
        }
    }

    private static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "the destination name is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "the destination name is longer than " + MAX_NAME_LENGTH + " characters: " + name.length();
        }
        if (!VALID_NAME.matcher(name).matches()) {
            return "the destination name [" + name + "] contains characters outside ^[%|a-zA-Z0-9_-]+$";
        }
        if (name.equals(AUTO_CREATE_TEMPLATE) || name.equals(SCHEDULE_TOPIC) || name.startsWith(SYSTEM_TOPIC_PREFIX)) {
            return "the destination name [" + name + "] is a topic the broker keeps for itself";
        }
        return null;
    }

    /**
     * A destination of the given kind; a temporary one made here has no owner (it came from the wire).
     *
     * @throws InvalidDestinationException for a name {@link #validateName} refuses
     */
    public static OspreyDestination of(Kind kind, String name) throws InvalidDestinationException {
        return switch (kind) {
            case QUEUE -> new OspreyQueue(name);
            case TOPIC -> new OspreyTopic(name);
            case TEMPORARY_QUEUE -> new OspreyTemporaryQueue(name, null);
            case TEMPORARY_TOPIC -> new OspreyTemporaryTopic(name, null);
        };
    }

    /**
     * Reads the wire form ({@code queue://orders}, {@code temp-topic://x}); temporary destinations read this way
     * have no owner.
     *
     * @throws InvalidDestinationException for a string without a known scheme or with an invalid name
     */
    public static OspreyDestination parse(String address) throws InvalidDestinationException {
        JmsDestinationAddress parsed;
        try {
            parsed = JmsDestinationAddress.parse(address);
        } catch (MalformedJmsMessageException e) {
            InvalidDestinationException invalid = new InvalidDestinationException(e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
        return of(parsed.kind(), parsed.name());
    }

    /** The wire form: {@code queue://orders}. */
    public final String format() {
        return address().format();
    }

    public final JmsDestinationAddress address() {
        return new JmsDestinationAddress(kind, name);
    }

    public final Kind kind() {
        return kind;
    }

    /** The name, which is also the RocketMQ topic. */
    public final String name() {
        return name;
    }

    public final boolean isQueue() {
        return kind.isQueue();
    }

    public final boolean isTemporary() {
        return kind.isTemporary();
    }

    /** A reference {@link OspreyDestinationFactory} turns back into an equal destination (without owner). */
    @Override
    public final Reference getReference() {
        Reference reference = new Reference(getClass().getName(), OspreyDestinationFactory.class.getName(), null);
        reference.add(new StringRefAddr(NAME_ADDRESS, name));
        return reference;
    }

    @Override
    public final boolean equals(Object o) {
        return this == o || (o instanceof OspreyDestination other && kind == other.kind && name.equals(other.name));
    }

    @Override
    public final int hashCode() {
        return kind.hashCode() * 31 + name.hashCode();
    }

    /** The wire form, {@code queue://orders}: what a log line needs to tell a queue from a topic. */
    @Override
    public String toString() {
        return format();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (kind == null) {
            throw new InvalidObjectException("a destination without kind");
        }
        String problem = nameProblem(name);
        if (problem != null) {
            throw new InvalidObjectException(problem);
        }
    }
}
