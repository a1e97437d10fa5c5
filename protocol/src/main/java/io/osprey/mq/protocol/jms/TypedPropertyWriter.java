package io.osprey.mq.protocol.jms;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes properties and header strings into a RocketMQ property map and collects their type entries; call
 * {@link #finish()} last to add {@code OSPREY_TYPES}. Not thread-safe; one per message.
 */
public final class TypedPropertyWriter {
    private static final int CANONICAL_FLOAT_NAN = Float.floatToRawIntBits(Float.NaN);
    private static final long CANONICAL_DOUBLE_NAN = Double.doubleToRawLongBits(Double.NaN);

    private final Map<String, String> target;
    private final StringBuilder types = new StringBuilder();
    /** The wire names holding a backslash this writer used: the only ones two properties can share. */
    private Set<String> namesWithBackslash;

    /** @param target the RocketMQ properties being built; entries are put into it as they come */
    public TypedPropertyWriter(Map<String, String> target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * Puts one JMS property.
     *
     * @throws IllegalArgumentException for a null, empty or reserved name, a value that is not Boolean, Byte, Short,
     *                                  Integer, Long, Float, Double, String or null, or a second property whose
     *                                  wire name is taken
     */
    public TypedPropertyWriter putProperty(String name, Object value) {
        TypedProperties.checkName(name);
        String reserved = JmsHeaders.reservedReason(name);
        if (reserved != null) {
            throw new IllegalArgumentException("property name " + name + " " + reserved);
        }
        if (value == null) {
            return markNull(name);
        }
        if (value instanceof String s) {
            return putHeader(name, s);
        }
        boolean escaped = PropertyEscaping.needed(name);
        String wireName = claim(escaped ? PropertyEscaping.escape(name) : name);
        if (value instanceof Float f) {
            int bits = Float.floatToRawIntBits(f);
            if (f.isNaN() && bits != CANONICAL_FLOAT_NAN) {
                addType(escaped, TypedProperties.FLOAT_BITS, String.format("%08x", bits), wireName);
            } else {
                addType(escaped, TypedProperties.FLOAT, "", wireName);
            }
        } else if (value instanceof Double d) {
            long bits = Double.doubleToRawLongBits(d);
            if (d.isNaN() && bits != CANONICAL_DOUBLE_NAN) {
                addType(escaped, TypedProperties.DOUBLE_BITS, String.format("%016x", bits), wireName);
            } else {
                addType(escaped, TypedProperties.DOUBLE, "", wireName);
            }
        } else {
            addType(escaped, codeOf(name, value), "", wireName);
        }
        // a number's text never needs escaping
        target.put(wireName, value.toString());
        return this;
    }

    /**
     * Puts a String under any name (a header such as {@code JMSType}): as is when non-empty, as an {@code E}
     * entry when empty, not at all when null; escaped, with an {@code X} entry, when the name or the value holds
     * what a RocketMQ property cannot.
     *
     * @throws IllegalArgumentException for a null or empty name, or one whose wire name is taken
     */
    public TypedPropertyWriter putHeader(String name, String value) {
        TypedProperties.checkName(name);
        if (value == null) {
            return this;
        }
        boolean escaped = PropertyEscaping.needed(name) || PropertyEscaping.needed(value);
        String wireName = claim(escaped ? PropertyEscaping.escape(name) : name);
        if (value.isEmpty()) {
            addType(escaped, TypedProperties.EMPTY_STRING, "", wireName);
        } else if (escaped) {
            addType(true, TypedProperties.STRING, "", wireName);
            target.put(wireName, PropertyEscaping.escape(value));
        } else {
            target.put(wireName, value);
        }
        return this;
    }

    /** Adds an {@code N} entry: {@code name} is present with a null value ({@link TypedProperties#isMarkedNull}). */
    public TypedPropertyWriter markNull(String name) {
        TypedProperties.checkName(name);
        boolean escaped = PropertyEscaping.needed(name);
        addType(escaped, TypedProperties.NULL, "", claim(escaped ? PropertyEscaping.escape(name) : name));
        return this;
    }

    /** Puts {@code OSPREY_TYPES} when any entry was collected. */
    public void finish() {
        if (types.length() > 0) {
            target.put(JmsHeaders.OSPREY_TYPES, types.toString());
        }
    }

    /**
     * An escaped name equals another property's plain name only when that one holds a backslash, which a JMS
     * property name never does: such a pair is refused rather than one overwriting the other.
     */
    private String claim(String wireName) {
        if (wireName.indexOf(PropertyEscaping.ESCAPE) >= 0) {
            if (namesWithBackslash == null) {
                namesWithBackslash = new HashSet<>();
            }
            if (!namesWithBackslash.add(wireName)) {
                throw new IllegalArgumentException("two properties would travel under the RocketMQ name "
                        + wireName);
            }
        }
        return wireName;
    }

    private void addType(boolean escaped, char code, String bits, String name) {
        if (types.length() > 0) {
            types.append(TypedProperties.ENTRY_SEPARATOR);
        }
        if (escaped) {
            types.append(TypedProperties.ESCAPED);
        }
        types.append(code).append(bits);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == TypedProperties.ENTRY_SEPARATOR || c == TypedProperties.ESCAPE) {
                types.append(TypedProperties.ESCAPE);
            }
            types.append(c);
        }
    }

    private static char codeOf(String name, Object value) {
        if (value instanceof Boolean) {
            return TypedProperties.BOOLEAN;
        }
        if (value instanceof Byte) {
            return TypedProperties.BYTE;
        }
        if (value instanceof Short) {
            return TypedProperties.SHORT;
        }
        if (value instanceof Integer) {
            return TypedProperties.INT;
        }
        if (value instanceof Long) {
            return TypedProperties.LONG;
        }
        throw new IllegalArgumentException("property " + name + " is a " + value.getClass().getName()
                + "; a JMS property is a Boolean, Byte, Short, Integer, Long, Float, Double or String");
    }
}
