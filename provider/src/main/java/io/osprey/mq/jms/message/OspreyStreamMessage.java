package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsBodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.StreamMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A StreamMessage: a sequence of typed values (spec table 3-7), written in order and read back in order with the
 * table's conversions.
 *
 * <p>Write-only when created and after {@link #clearBody()}; {@link #reset()} makes it read-only and rewinds it, as
 * receipt does. A read that fails with {@link MessageFormatException}, {@link NumberFormatException} or
 * {@link NullPointerException} does not move past the value, so it can be read again as another type (3.11.3).
 *
 * <p>A byte[] value read with {@link #readBytes(byte[])} may come in pieces: once the first piece is read, the
 * value must be read to its end (a call that returns less than the buffer's length, or -1) before anything else is
 * read; reading anything else first is a {@link MessageFormatException}.
 */
public class OspreyStreamMessage extends OspreyMessage implements StreamMessage {
    private final List<Object> values = new ArrayList<>();
    /** Index of the next value in read mode. */
    private int next;
    /** How much of the byte[] at {@link #next} readBytes has handed out; -1 when none of it. */
    private int bytesRead = -1;

    public OspreyStreamMessage() {
    }

    /** The values in write order, for encoding; byte[] values are not copied. */
    final List<Object> valuesView() {
        return Collections.unmodifiableList(values);
    }

    /** Appends a decoded value as is, before {@link #setReadOnly()}. */
    final void addDecoded(Object value) {
        values.add(value);
    }

    @Override
    public boolean readBoolean() throws JMSException {
        boolean value = Conversions.toBoolean(peek());
        next++;
        return value;
    }

    @Override
    public byte readByte() throws JMSException {
        byte value = Conversions.toByte(peek());
        next++;
        return value;
    }

    @Override
    public short readShort() throws JMSException {
        short value = Conversions.toShort(peek());
        next++;
        return value;
    }

    @Override
    public char readChar() throws JMSException {
        char value = Conversions.toChar(peek());
        next++;
        return value;
    }

    @Override
    public int readInt() throws JMSException {
        int value = Conversions.toInt(peek());
        next++;
        return value;
    }

    @Override
    public long readLong() throws JMSException {
        long value = Conversions.toLong(peek());
        next++;
        return value;
    }

    @Override
    public float readFloat() throws JMSException {
        float value = Conversions.toFloat(peek());
        next++;
        return value;
    }

    @Override
    public double readDouble() throws JMSException {
        double value = Conversions.toDouble(peek());
        next++;
        return value;
    }

    @Override
    public String readString() throws JMSException {
        String value = Conversions.toStringValue(peek());
        next++;
        return value;
    }

    /**
     * Reads the next byte[] value, or the next piece of it, into {@code value}.
     *
     * @return the bytes read; 0 for an empty byte[]; -1 for a null value, and once a value that exactly filled the
     *         last buffer has no bytes left
     * @throws MessageFormatException when the next value is not a byte[] (or null)
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        Objects.requireNonNull(value, "value");
        checkReadable();
        if (bytesRead < 0) {
            if (next >= values.size()) {
                throw eof();
            }
            Object field = values.get(next);
            if (field == null) {
                next++;
                return -1;
            }
            if (!(field instanceof byte[] bytes)) {
                throw new MessageFormatException("the next value is a " + Conversions.typeName(field)
                        + ", not a byte[]");
            }
            if (bytes.length == 0) {
                next++;
                return 0;
            }
            bytesRead = 0;
        }
        byte[] field = (byte[]) values.get(next);
        int remaining = field.length - bytesRead;
        if (remaining == 0) {
            endBytes();
            return -1;
        }
        int n = Math.min(value.length, remaining);
        System.arraycopy(field, bytesRead, value, 0, n);
        bytesRead += n;
        if (n < value.length) {
            endBytes();
        }
        return n;
    }

    /** The next value as written (byte[] as a copy), or null. */
    @Override
    public Object readObject() throws JMSException {
        Object value = Conversions.copyOf(peek());
        next++;
        return value;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        add(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        add(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        add(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        add(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        add(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        add(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        add(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        add(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        add(value);
    }

    /** Writes a copy of {@code value}; null is a null value (3.12), read back as -1 by readBytes. */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        add(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.requireNonNull(value, "value");
        Objects.checkFromIndexSize(offset, length, value.length);
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        add(copy);
    }

    /** @throws MessageFormatException for a value of a type table 3-7 does not list */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (!Conversions.isBodyValue(value)) {
            throw new MessageFormatException("a StreamMessage cannot hold a " + Conversions.typeName(value)
                    + ": its values are Boolean, Byte, Short, Character, Integer, Long, Float, Double, String and"
                    + " byte[]");
        }
        add(Conversions.copyOf(value));
    }

    /** Makes the body read-only and rewinds it. */
    @Override
    public void reset() {
        next = 0;
        bytesRead = -1;
        setBodyReadOnly(true);
    }

    @Override
    JmsBodyType bodyType() {
        return JmsBodyType.STREAM;
    }

    @Override
    void clearBodyContent() {
        values.clear();
        next = 0;
        bytesRead = -1;
    }

    @Override
    void onBodyReadOnly() {
        reset();
    }

    /** @throws MessageFormatException always: a StreamMessage has no getBody (Message javadoc) */
    @Override
    Object bodyAs(Class<?> c) throws JMSException {
        throw new MessageFormatException("getBody cannot be called on a StreamMessage");
    }

    @Override
    boolean bodyAssignableTo(Class<?> c) {
        return false;
    }

    private void add(Object value) throws JMSException {
        checkBodyWritable();
        values.add(value);
    }

    /** The next value, without moving past it. */
    private Object peek() throws JMSException {
        checkReadable();
        if (bytesRead >= 0) {
            throw new MessageFormatException("a byte[] value is partly read; read it to its end with readBytes"
                    + " before reading the next value");
        }
        if (next >= values.size()) {
            throw eof();
        }
        return values.get(next);
    }

    private void endBytes() {
        bytesRead = -1;
        next++;
    }

    private void checkReadable() throws JMSException {
        if (!isBodyReadOnly()) {
            throw new MessageNotReadableException("a StreamMessage is write-only until reset() (spec 3.11)");
        }
        checkBodyReadable();
    }

    private MessageEOFException eof() {
        return new MessageEOFException("the stream has no value at " + next + "; it holds " + values.size());
    }
}
