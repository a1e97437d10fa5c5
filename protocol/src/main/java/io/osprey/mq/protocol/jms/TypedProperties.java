package io.osprey.mq.protocol.jms;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * JMS properties (Boolean, Byte, Short, Integer, Long, Float, Double, String) as RocketMQ string properties.
 *
 * <p>A RocketMQ consumer sees every property under its own name with its plain {@code toString()} value
 * ({@code count=3}, {@code ratio=0.5}, {@code vip=true}). What a string cannot say travels in one extra property,
 * {@link JmsHeaders#OSPREY_TYPES}: a comma-separated list of entries, each a one-letter type code followed by the
 * property's name, listed only for the properties that are not non-empty Strings:
 *
 * <pre>
 *   OSPREY_TYPES = Icount,Dratio,Zvip,Enote,Nmissing
 *
 *   code  value type                         RocketMQ value
 *   Z     Boolean                            "true" / "false"
 *   B     Byte          S  Short             Byte/Short/Integer/Long.toString
 *   I     Integer       J  Long
 *   F     Float         D  Double            Float/Double.toString (round-trips exactly, -0.0 and infinities too)
 *   f     Float NaN with a non-canonical bit pattern: 8 hex digits of floatToRawIntBits follow the code
 *   d     Double NaN with a non-canonical bit pattern: 16 hex digits of doubleToRawLongBits follow the code
 *   E     empty String                       none (RocketMQ drops properties with an empty value)
 *   N     null (set with a null value)       none
 *   T     String (written only after X)      the escaped String
 *   X     before any code: the name and the value travel escaped ({@link PropertyEscaping})
 * </pre>
 *
 * <p>The codes are the JVM's type descriptors where one exists. A {@code ','} or {@code '\'} in a name is written
 * {@code "\,"} / {@code "\\"}; JMS property names are Java identifiers and never contain them, but the format does
 * not depend on that. A property without an entry is a String. {@code E} and {@code N} entries are also used for
 * header strings ({@link TypedPropertyWriter#putHeader}) and to mark a null body ({@link TypedPropertyWriter#markNull}).
 *
 * <p>A RocketMQ properties string cannot hold U+0001 or U+0002 (its separators), and it is UTF-8, which cannot
 * hold an unpaired surrogate. A property whose name or String value holds one travels escaped
 * ({@link PropertyEscaping}: the character as a backslash, {@code u} and four hex digits) under the escaped name,
 * with an {@code X} entry ({@code XT} for a String, {@code XI} for an int...; the entry names the escaped name). Every
 * other property travels exactly as it is, so what a RocketMQ client reads of ordinary properties does not depend on
 * this, and any String round-trips.
 */
public final class TypedProperties {
    public static final char BOOLEAN = 'Z';
    public static final char BYTE = 'B';
    public static final char SHORT = 'S';
    public static final char INT = 'I';
    public static final char LONG = 'J';
    public static final char FLOAT = 'F';
    public static final char DOUBLE = 'D';
    public static final char FLOAT_BITS = 'f';
    public static final char DOUBLE_BITS = 'd';
    public static final char EMPTY_STRING = 'E';
    public static final char NULL = 'N';
    public static final char STRING = 'T';
    /** Before a type code: the property's name and value are escaped. */
    public static final char ESCAPED = 'X';

    static final char ENTRY_SEPARATOR = ',';
    static final char ESCAPE = '\\';

    private TypedProperties() {
    }

    /**
     * Encodes a JMS property map.
     *
     * @return the RocketMQ properties, in the map's order, with {@code OSPREY_TYPES} last when needed
     * @throws IllegalArgumentException for a null or empty name, a name that {@link JmsHeaders#reservedReason
     *                                  reserves}, or a value of another type
     */
    public static LinkedHashMap<String, String> encode(Map<String, ?> properties) {
        LinkedHashMap<String, String> wire = new LinkedHashMap<>();
        TypedPropertyWriter writer = new TypedPropertyWriter(wire);
        properties.forEach(writer::putProperty);
        writer.finish();
        return wire;
    }

    /**
     * Decodes the JMS properties of a RocketMQ message: every property {@link JmsHeaders#isJmsProperty} accepts,
     * typed by {@code OSPREY_TYPES}, plus the empty and null ones that have no RocketMQ value.
     *
     * @throws MalformedJmsMessageException when {@code OSPREY_TYPES} cannot be parsed or a value does not parse as
     *                                      its type
     */
    public static LinkedHashMap<String, Object> decode(Map<String, String> wire) {
        TypeList.parse(wire.get(JmsHeaders.OSPREY_TYPES)); // fails even when no property has an entry
        LinkedHashMap<String, Object> properties = new LinkedHashMap<>();
        decode(wire, new PropertySink() {
            @Override
            public void value(String name, Object value) {
                properties.put(name, value);
            }

            @Override
            public void unreadable(String name, MalformedJmsMessageException problem) {
                throw problem;
            }
        });
        return properties;
    }

    /**
     * Decodes the JMS properties of a RocketMQ message one by one, as {@link #decode(Map)} does, except that a
     * property that cannot be read goes to {@link PropertySink#unreadable} and the others are still decoded: a
     * RocketMQ producer's malformed value costs its reader that property, not the message. When {@code OSPREY_TYPES}
     * itself cannot be parsed no property's type is known, so every property on the wire is unreadable.
     */
    public static void decode(Map<String, String> wire, PropertySink sink) {
        Map<String, TypeList.Type> types;
        try {
            types = TypeList.parse(wire.get(JmsHeaders.OSPREY_TYPES));
        } catch (MalformedJmsMessageException e) {
            for (String name : wire.keySet()) {
                if (JmsHeaders.isJmsProperty(name)) {
                    sink.unreadable(name, e);
                }
            }
            return;
        }
        for (Map.Entry<String, String> e : wire.entrySet()) {
            String wireName = e.getKey();
            TypeList.Type type = types.get(wireName);
            String name;
            try {
                name = type != null && type.escaped() ? PropertyEscaping.unescape(wireName) : wireName;
            } catch (MalformedJmsMessageException problem) {
                sink.unreadable(wireName, problem);
                continue;
            }
            if (JmsHeaders.isJmsProperty(name)) {
                Object value;
                try {
                    value = typed(name, e.getValue(), type);
                } catch (MalformedJmsMessageException problem) {
                    sink.unreadable(name, problem);
                    continue;
                }
                sink.value(name, value);
            }
        }
        types.forEach((wireName, type) -> {
            if ((type.code() == EMPTY_STRING || type.code() == NULL) && !wire.containsKey(wireName)) {
                String name;
                try {
                    name = type.escaped() ? PropertyEscaping.unescape(wireName) : wireName;
                } catch (MalformedJmsMessageException problem) {
                    sink.unreadable(wireName, problem);
                    return;
                }
                if (JmsHeaders.isJmsProperty(name)) {
                    sink.value(name, type.code() == EMPTY_STRING ? "" : null);
                }
            }
        });
    }

    /** Where {@link #decode(Map, PropertySink)} puts each property, in wire order. */
    public interface PropertySink {
        void value(String name, Object value);

        /** A property whose value or type entry cannot be read, with the reason. */
        void unreadable(String name, MalformedJmsMessageException problem);
    }

    /**
     * One value of a stored message, as a JMS selector sees it (3.8.1.1), without decoding the others: for the
     * header identifiers {@code JMSMessageID}, {@code JMSPriority} (Integer, 4 when absent),
     * {@code JMSDeliveryMode} ({@code "PERSISTENT"} when absent), {@code JMSTimestamp} (Long, 0 when absent),
     * {@code JMSCorrelationID} and {@code JMSType} (String or null) their header value; for any other name the
     * property's typed value (Boolean, Byte, Short, Integer, Long, Float, Double or String), or null when the message
     * has no such JMS property.
     *
     * <p>It returns what the decoded message's getter would: {@code getObjectProperty(name)} for a property, the
     * header's getter for a header identifier.
     *
     * @throws MalformedJmsMessageException as {@link #decode} does, for the value asked for
     */
    public static Object lookup(Map<String, String> wire, String name) {
        Objects.requireNonNull(name, "name");
        switch (name) {
            case JmsHeaders.JMS_MESSAGE_ID:
                return JmsHeaders.messageId(wire);
            case JmsHeaders.JMS_PRIORITY:
                return priority(wire);
            case JmsHeaders.JMS_DELIVERY_MODE:
                return JmsHeaders.deliveryModeName(JmsHeaders.deliveryMode(wire.get(name)));
            case JmsHeaders.JMS_TIMESTAMP:
                return longHeader(wire, name);
            case JmsHeaders.JMS_CORRELATION_ID:
                return correlationId(wire);
            case JmsHeaders.JMS_TYPE:
                return headerString(wire, name);
            default:
                if (!JmsHeaders.isJmsProperty(name)) {
                    return null;
                }
                String types = wire.get(JmsHeaders.OSPREY_TYPES);
                String escapedName = PropertyEscaping.escape(name);
                TypeList.Type type = TypeList.find(types, escapedName);
                if (type != null && type.escaped()) {
                    return typed(name, wire.get(escapedName), type);
                }
                if (!escapedName.equals(name)) {
                    // not under its escaped name: under its own, unless that is another property's escaped name
                    type = TypeList.find(types, name);
                }
                if (type != null && type.escaped()) {
                    return null;
                }
                String value = wire.get(name);
                if (value == null && type == null) {
                    return null;
                }
                return typed(name, value, type);
        }
    }

    /**
     * A header string written by {@link TypedPropertyWriter#putHeader}: the property's value (unescaped when its
     * entry says so), {@code ""} for an {@code E} entry, or null.
     *
     * @throws MalformedJmsMessageException for an escaped value that does not unescape
     */
    public static String headerString(Map<String, String> wire, String name) {
        String value = wire.get(name);
        if (value != null && wire.get(JmsHeaders.OSPREY_TYPES) == null) {
            return value;
        }
        TypeList.Type type = TypeList.find(wire.get(JmsHeaders.OSPREY_TYPES), name);
        if (value != null) {
            return type != null && type.escaped() ? PropertyEscaping.unescape(value) : value;
        }
        return type != null && type.code() == EMPTY_STRING ? "" : null;
    }

    /** Whether {@code OSPREY_TYPES} has an {@code N} entry for {@code name} ({@link TypedPropertyWriter#markNull}). */
    public static boolean isMarkedNull(Map<String, String> wire, String name) {
        TypeList.Type type = TypeList.find(wire.get(JmsHeaders.OSPREY_TYPES), name);
        return type != null && type.code() == NULL;
    }

    /**
     * The JMSPriority of stored properties, {@link JmsHeaders#DEFAULT_PRIORITY} without one.
     *
     * @throws MalformedJmsMessageException for a value that is not an int from 0 to 9
     */
    public static int priority(Map<String, String> wire) {
        String value = wire.get(JmsHeaders.JMS_PRIORITY);
        if (value == null) {
            return JmsHeaders.DEFAULT_PRIORITY;
        }
        int priority = parseHeaderInt(JmsHeaders.JMS_PRIORITY, value);
        if (priority < 0 || priority > 9) {
            throw new MalformedJmsMessageException(JmsHeaders.JMS_PRIORITY + " must be 0 to 9, got " + value);
        }
        return priority;
    }

    /**
     * A long header ({@code JMSTimestamp}, {@code JMSExpiration}, {@code JMSDeliveryTime}), 0 when absent.
     *
     * @throws MalformedJmsMessageException for a value that is not a long
     */
    public static long longHeader(Map<String, String> wire, String name) {
        String value = wire.get(name);
        if (value == null) {
            return 0L;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedJmsMessageException(name + " is not a long: [" + value + "]", e);
        }
    }

    /**
     * The String form of the correlation id: the {@code JMSCorrelationID} property, or the UTF-8 reading of the
     * {@code JMSCorrelationIDAsBytes} bytes, or null.
     */
    public static String correlationId(Map<String, String> wire) {
        String id = headerString(wire, JmsHeaders.JMS_CORRELATION_ID);
        if (id != null) {
            return id;
        }
        byte[] bytes = correlationIdBytes(wire);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The bytes of a correlation id set as bytes, or null when it was not.
     *
     * @throws MalformedJmsMessageException when the property is not Base64
     */
    public static byte[] correlationIdBytes(Map<String, String> wire) {
        String base64 = headerString(wire, JmsHeaders.JMS_CORRELATION_ID_AS_BYTES);
        if (base64 == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedJmsMessageException(JmsHeaders.JMS_CORRELATION_ID_AS_BYTES + " is not Base64: ["
                    + base64 + "]", e);
        }
    }

    /**
     * Checks that a property name can be written: any name but null or empty (one RocketMQ cannot hold as it is
     * travels escaped).
     *
     * @throws IllegalArgumentException for a null or empty name
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name is null or empty");
        }
    }

    private static int parseHeaderInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new MalformedJmsMessageException(name + " is not an int: [" + value + "]", e);
        }
    }

    /** The value of one property from its RocketMQ string and its type entry (null: a String). */
    private static Object typed(String name, String value, TypeList.Type type) {
        if (type == null) {
            return value;
        }
        if (type.escaped() && value != null) {
            value = PropertyEscaping.unescape(value);
        }
        char code = type.code();
        if (code == EMPTY_STRING || code == NULL) {
            if (value != null) {
                throw new MalformedJmsMessageException("OSPREY_TYPES marks " + name + " as "
                        + (code == NULL ? "null" : "empty") + " but it has the value [" + value + "]");
            }
            return code == NULL ? null : "";
        }
        if (value == null) {
            // The entry outlived its value (a tool removed the property): the property is absent.
            return null;
        }
        try {
            return switch (code) {
                case BOOLEAN -> parseBoolean(name, value);
                case BYTE -> Byte.parseByte(value);
                case SHORT -> Short.parseShort(value);
                case INT -> Integer.parseInt(value);
                case LONG -> Long.parseLong(value);
                case FLOAT -> Float.parseFloat(value);
                case DOUBLE -> Double.parseDouble(value);
                case FLOAT_BITS -> Float.intBitsToFloat((int) type.rawBits());
                case DOUBLE_BITS -> Double.longBitsToDouble(type.rawBits());
                case STRING -> value;
                default -> throw new MalformedJmsMessageException("OSPREY_TYPES has the unknown type code '" + code
                        + "' for " + name);
            };
        } catch (NumberFormatException e) {
            throw new MalformedJmsMessageException("property " + name + " of type " + code + " has the value ["
                    + value + "]", e);
        }
    }

    private static Boolean parseBoolean(String name, String value) {
        if (value.equals("true")) {
            return Boolean.TRUE;
        }
        if (value.equals("false")) {
            return Boolean.FALSE;
        }
        throw new MalformedJmsMessageException("property " + name + " of type Z has the value [" + value + "]");
    }

}
