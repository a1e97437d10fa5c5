package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsHeaders;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message's properties (spec 3.5): typed values by name, read-only once received until {@link #clear()}.
 * Setting checks the name ({@link PropertyNames}), the type of the two JMSX properties an application sets, and that
 * a String can travel as a RocketMQ property, so an error reaches the line that set the property.
 */
final class MessagePropertyMap {
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();
    private boolean readOnly;

    /** @throws MessageFormatException for a received property whose wire value cannot be read as its type */
    Object get(String name) throws MessageFormatException {
        Object value = values.get(name);
        if (value instanceof Unreadable unreadable) {
            throw new MessageFormatException("property " + name + " cannot be read: " + unreadable.problem());
        }
        return value;
    }

    boolean contains(String name) {
        return values.containsKey(name);
    }

    @SuppressWarnings("rawtypes")
    Enumeration names() {
        return Collections.enumeration(new ArrayList<>(values.keySet()));
    }

    /** The properties in insertion order, for encoding; not to be modified. */
    Map<String, Object> view() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Sets a property as an application does.
     *
     * @throws IllegalArgumentException     for a name {@link PropertyNames#checkSettable} refuses
     * @throws MessageNotWriteableException when the properties are read-only
     * @throws MessageFormatException       for a value of another type or a JMSX value of the wrong type (any
     *                                      String is a value: what a RocketMQ property cannot hold travels escaped)
     */
    void set(String name, Object value) throws MessageNotWriteableException, MessageFormatException {
        PropertyNames.checkSettable(name);
        if (readOnly) {
            throw new MessageNotWriteableException("the properties of a received message are read-only until"
                    + " clearProperties() (spec 3.5.3); cannot set " + name);
        }
        if (!Conversions.isPropertyValue(value)) {
            throw new MessageFormatException("property " + name + " cannot be a " + Conversions.typeName(value)
                    + ": a property is a Boolean, Byte, Short, Integer, Long, Float, Double or String (spec 3.5.5)");
        }
        if (name.equals(JmsHeaders.JMSX_GROUP_SEQ) && !(value instanceof Integer)) {
            throw new MessageFormatException("JMSXGroupSeq is an int (spec table 3-3), not a "
                    + (value == null ? "null" : Conversions.typeName(value)));
        }
        if (name.equals(JmsHeaders.JMSX_GROUP_ID) && !(value instanceof String)) {
            throw new MessageFormatException("JMSXGroupID is a String (spec table 3-3), not a "
                    + (value == null ? "null" : Conversions.typeName(value)));
        }
        values.put(name, value);
    }

    /**
     * Puts a received property that cannot be read (its RocketMQ producer wrote a value that is not of the type
     * {@code OSPREY_TYPES} gives it, or an {@code OSPREY_TYPES} that does not parse): it exists and is named, and
     * reading it is a {@link MessageFormatException} saying why, so the other properties and the body stay readable.
     */
    void putUnreadable(String name, String problem) {
        values.put(name, new Unreadable(problem));
    }

    /** The reason the property {@code name} cannot be read, or null when it can (or does not exist). */
    String unreadableReason(String name) {
        return values.get(name) instanceof Unreadable unreadable ? unreadable.problem() : null;
    }

    /** Puts a value without the application's checks: decoded properties and the provider's own (JMSX). */
    void putUnchecked(String name, Object value) {
        values.put(name, value);
    }

    void clear() {
        values.clear();
        readOnly = false;
    }

    void setReadOnly() {
        readOnly = true;
    }

    boolean isReadOnly() {
        return readOnly;
    }

    /** The value of a property that cannot be read. */
    private record Unreadable(String problem) {
    }
}
