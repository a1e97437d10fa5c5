package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsBodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A MapMessage: named values of the types of spec table 3-7, read with its conversions. A name that was never set
 * reads as a null value (3.11.3). byte[] values are copied in and out (3.12). The body is always readable and
 * read-only after receipt.
 */
public class OspreyMapMessage extends OspreyMessage implements MapMessage {
    private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();

    public OspreyMapMessage() {
    }

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return Conversions.toBoolean(entry(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return Conversions.toByte(entry(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return Conversions.toShort(entry(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return Conversions.toChar(entry(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return Conversions.toInt(entry(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return Conversions.toLong(entry(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return Conversions.toFloat(entry(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return Conversions.toDouble(entry(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return Conversions.toStringValue(entry(name));
    }

    @Override
    public byte[] getBytes(String name) throws JMSException {
        return Conversions.toBytes(entry(name));
    }

    @Override
    public Object getObject(String name) throws JMSException {
        return Conversions.copyOf(entry(name));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Enumeration getMapNames() throws JMSException {
        checkBodyReadable();
        return Collections.enumeration(new ArrayList<>(entries.keySet()));
    }

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    /** @throws IndexOutOfBoundsException for a range outside {@code value} */
    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        Objects.requireNonNull(value, "value");
        Objects.checkFromIndexSize(offset, length, value.length);
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        put(name, copy);
    }

    /** @throws MessageFormatException for a value of a type table 3-7 does not list */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (!Conversions.isBodyValue(value)) {
            checkName(name);
            throw new MessageFormatException("a MapMessage cannot hold a " + Conversions.typeName(value)
                    + ": its values are Boolean, Byte, Short, Character, Integer, Long, Float, Double, String and"
                    + " byte[]");
        }
        put(name, Conversions.copyOf(value));
    }

    @Override
    public boolean itemExists(String name) throws JMSException {
        checkBodyReadable();
        return entries.containsKey(name);
    }

    /** The entries in insertion order, for encoding; byte[] values are not copied. */
    final Map<String, Object> entriesView() {
        return Collections.unmodifiableMap(entries);
    }

    /** Puts a decoded entry as is. */
    final void putDecoded(String name, Object value) {
        entries.put(name, value);
    }

    private Object entry(String name) throws JMSException {
        checkBodyReadable();
        return entries.get(name);
    }

    private void put(String name, Object value) throws JMSException {
        checkName(name);
        checkBodyWritable();
        entries.put(name, value);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a MapMessage name must not be null or empty");
        }
    }

    @Override
    JmsBodyType bodyType() {
        return JmsBodyType.MAP;
    }

    @Override
    void clearBodyContent() {
        entries.clear();
    }

    /** A new {@code HashMap} of the entries (byte[] values copied), or null for an empty map. */
    @Override
    Object bodyAs(Class<?> c) throws JMSException {
        if (entries.isEmpty()) {
            return null;
        }
        if (!c.isAssignableFrom(Map.class)) {
            throw notAssignable("MapMessage", c);
        }
        Map<String, Object> copy = new HashMap<>();
        entries.forEach((k, v) -> copy.put(k, Conversions.copyOf(v)));
        return copy;
    }

    @Override
    boolean bodyAssignableTo(Class<?> c) {
        return entries.isEmpty() || c.isAssignableFrom(Map.class);
    }
}
