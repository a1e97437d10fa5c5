package io.osprey.mq.protocol.jms;

import java.util.Map;
import java.util.Objects;

/**
 * Writes properties and header strings into a RocketMQ property map and collects their type entries; call
 * {@link #finish()} last to add {@code OSPREY_TYPES}. Not thread-safe; one per message.
 */
public final class TypedPropertyWriter {
    private static final int CANONICAL_FLOAT_NAN = Float.floatToRawIntBits(Float.NaN);
    private static final long CANONICAL_DOUBLE_NAN = Double.doubleToRawLongBits(Double.NaN);

    private final Map<String, String> target;
    private final StringBuilder types = new StringBuilder();

    /** @param target the RocketMQ properties being built; entries are put into it as they come */
    public TypedPropertyWriter(Map<String, String> target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * Puts one JMS property.
     *
     * @throws IllegalArgumentException for a reserved or unencodable name, an unencodable String, or a value that
     *                                  is not Boolean, Byte, Short, Integer, Long, Float, Double, String or null
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
        if (value instanceof Float f) {
            int bits = Float.floatToRawIntBits(f);
            if (f.isNaN() && bits != CANONICAL_FLOAT_NAN) {
                addType(TypedProperties.FLOAT_BITS, String.format("%08x", bits), name);
            } else {
                addType(TypedProperties.FLOAT, "", name);
            }
        } else if (value instanceof Double d) {
            long bits = Double.doubleToRawLongBits(d);
            if (d.isNaN() && bits != CANONICAL_DOUBLE_NAN) {
                addType(TypedProperties.DOUBLE_BITS, String.format("%016x", bits), name);
            } else {
                addType(TypedProperties.DOUBLE, "", name);
            }
        } else {
            addType(codeOf(name, value), "", name);
        }
        target.put(name, value.toString());
        return this;
    }

    /**
     * Puts a String under any name (a header such as {@code JMSType}): as is when non-empty, as an {@code E}
     * entry when empty, not at all when null.
     *
     * @throws IllegalArgumentException for an unencodable name or value
     */
    public TypedPropertyWriter putHeader(String name, String value) {
        TypedProperties.checkName(name);
        if (value == null) {
            return this;
        }
        TypedProperties.checkValue(name, value);
        if (value.isEmpty()) {
            addType(TypedProperties.EMPTY_STRING, "", name);
        } else {
            target.put(name, value);
        }
        return this;
    }

    /** Adds an {@code N} entry: {@code name} is present with a null value ({@link TypedProperties#isMarkedNull}). */
    public TypedPropertyWriter markNull(String name) {
        TypedProperties.checkName(name);
        addType(TypedProperties.NULL, "", name);
        return this;
    }

    /** Puts {@code OSPREY_TYPES} when any entry was collected. */
    public void finish() {
        if (types.length() > 0) {
            target.put(JmsHeaders.OSPREY_TYPES, types.toString());
        }
    }

    private void addType(char code, String bits, String name) {
        if (types.length() > 0) {
            types.append(TypedProperties.ENTRY_SEPARATOR);
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
