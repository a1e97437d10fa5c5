package io.osprey.mq.jms.destination;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;

/**
 * What {@link OspreyTemporaryQueue} and {@link OspreyTemporaryTopic} share: the owner that may delete them. The owner
 * is not serialized and not part of equality: a temporary destination that arrived as a {@code JMSReplyTo} equals
 * the one its creator holds, so a reply sent to it reaches the creator, but only the creator can delete it.
 */
public abstract sealed class OspreyTemporaryDestination extends OspreyDestination
        permits OspreyTemporaryQueue, OspreyTemporaryTopic {
    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinationOwner owner;
    private transient volatile boolean deleted;

    OspreyTemporaryDestination(Kind kind, String name, TemporaryDestinationOwner owner)
            throws InvalidDestinationException {
        super(kind, name);
        this.owner = owner;
    }

    /** Whether {@code candidate} created this destination; false for one without owner. */
    public final boolean isOwnedBy(TemporaryDestinationOwner candidate) {
        return owner != null && owner == candidate;
    }

    /** Whether this object was created here, by a connection, rather than read from a message or a stream. */
    public final boolean hasOwner() {
        return owner != null;
    }

    /** Whether {@link #delete()} succeeded on this object. */
    public final boolean isDeleted() {
        return deleted;
    }

    /**
     * Deletes the destination through its owner.
     *
     * @throws IllegalStateException for a destination this process did not create (a {@code JMSReplyTo}, a
     *                               deserialized copy): only the creating connection may delete it
     * @throws JMSException          what the owner throws
     */
    public void delete() throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("temporary destination " + this + " was not created by a connection"
                    + " of this process (it came from a message or a stream); only the connection that created it"
                    + " can delete it");
        }
        owner.deleteTemporaryDestination(this);
        deleted = true;
    }

    @Override
    public String toString() {
        return deleted ? format() + " (deleted)" : format();
    }
}
