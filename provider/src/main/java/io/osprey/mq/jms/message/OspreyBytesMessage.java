package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsBodyType;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A BytesMessage: a stream of bytes written and read as {@link DataOutputStream} and {@link DataInputStream} do
 * (big-endian, {@code floatToIntBits}, modified UTF-8 for {@code writeUTF}).
 *
 * <p>Write-only when created and after {@link #clearBody()}; {@link #reset()} makes it read-only and rewinds it, as
 * receipt does. A read that fails (end of stream, bad UTF-8) leaves the position where it was (3.11.3).
 */
public class OspreyBytesMessage extends OspreyMessage implements BytesMessage {
    private ByteArrayOutputStream written = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(written);
    /** The body in read mode, null in write mode. */
    private byte[] body;
    private int position;

    public OspreyBytesMessage() {
    }

    /** The bytes written so far (write mode) or the body (read mode), for encoding; the read position stays. */
    final byte[] bodyBytes() {
        return body != null ? body.clone() : written.toByteArray();
    }

    /** Sets the received body; {@link #setReadOnly()} follows. */
    final void setReceivedBody(byte[] bytes) {
        written = null;
        out = null;
        body = bytes;
        position = 0;
    }

    /** @throws MessageNotReadableException in write mode */
    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return body.length;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return take(1).get() != 0;
    }

    @Override
    public byte readByte() throws JMSException {
        return take(1).get();
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return take(1).get() & 0xFF;
    }

    @Override
    public short readShort() throws JMSException {
        return take(2).getShort();
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return take(2).getShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws JMSException {
        return take(2).getChar();
    }

    @Override
    public int readInt() throws JMSException {
        return take(4).getInt();
    }

    @Override
    public long readLong() throws JMSException {
        return take(8).getLong();
    }

    @Override
    public float readFloat() throws JMSException {
        return take(4).getFloat();
    }

    @Override
    public double readDouble() throws JMSException {
        return take(8).getDouble();
    }

    @Override
    public String readUTF() throws JMSException {
        checkReadable();
        int remaining = body.length - position;
        ByteArrayInputStream bytes = new ByteArrayInputStream(body, position, remaining);
        try {
            String value = new DataInputStream(bytes).readUTF();
            position += remaining - bytes.available();
            return value;
        } catch (EOFException e) {
            throw eof("a UTF string", e);
        } catch (UTFDataFormatException e) {
            MessageFormatException format = new MessageFormatException("the bytes at " + position
                    + " are not modified UTF-8: " + e.getMessage());
            format.initCause(e);
            throw format;
        } catch (IOException e) {
            throw new IllegalStateException("a byte array stream failed", e);
        }
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /**
     * @return the bytes read, fewer than {@code length} at the end of the body, -1 once nothing is left
     * @throws IndexOutOfBoundsException when {@code length} is negative or more than {@code value.length}
     */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " is outside 0.." + value.length);
        }
        checkReadable();
        int remaining = body.length - position;
        if (remaining == 0) {
            return -1;
        }
        int n = Math.min(length, remaining);
        System.arraycopy(body, position, value, 0, n);
        position += n;
        return n;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        write(o -> o.writeBoolean(value));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        write(o -> o.writeByte(value));
    }

    @Override
    public void writeShort(short value) throws JMSException {
        write(o -> o.writeShort(value));
    }

    @Override
    public void writeChar(char value) throws JMSException {
        write(o -> o.writeChar(value));
    }

    @Override
    public void writeInt(int value) throws JMSException {
        write(o -> o.writeInt(value));
    }

    @Override
    public void writeLong(long value) throws JMSException {
        write(o -> o.writeLong(value));
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        write(o -> o.writeFloat(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        write(o -> o.writeDouble(value));
    }

    /** @throws MessageFormatException for a String whose modified UTF-8 is longer than 65,535 bytes */
    @Override
    public void writeUTF(String value) throws JMSException {
        write(o -> o.writeUTF(value));
    }

    /** @throws NullPointerException for null: a BytesMessage has no null (3.12) */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        Objects.requireNonNull(value, "a BytesMessage cannot hold null (spec 3.12)");
        write(o -> o.write(value, 0, value.length));
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.requireNonNull(value, "a BytesMessage cannot hold null (spec 3.12)");
        Objects.checkFromIndexSize(offset, length, value.length);
        write(o -> o.write(value, offset, length));
    }

    /**
     * Writes a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String ({@code writeUTF}) or byte[].
     *
     * @throws NullPointerException   for null (3.12)
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        Objects.requireNonNull(value, "a BytesMessage cannot hold null (spec 3.12)");
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException("a BytesMessage cannot write a " + value.getClass().getName());
        }
    }

    /** Makes the body read-only and rewinds it. */
    @Override
    public void reset() {
        if (body == null) {
            body = written.toByteArray();
            written = null;
            out = null;
        }
        position = 0;
        setBodyReadOnly(true);
    }

    @Override
    JmsBodyType bodyType() {
        return JmsBodyType.BYTES;
    }

    @Override
    void clearBodyContent() {
        written = new ByteArrayOutputStream();
        out = new DataOutputStream(written);
        body = null;
        position = 0;
    }

    @Override
    void onBodyReadOnly() {
        reset();
    }

    /** The whole body, reset before and after as the Message javadoc says; null for an empty body. */
    @Override
    Object bodyAs(Class<?> c) throws JMSException {
        reset();
        if (body.length == 0) {
            return null;
        }
        if (!c.isAssignableFrom(byte[].class)) {
            throw notAssignable("BytesMessage", c);
        }
        return body.clone();
    }

    @Override
    boolean bodyAssignableTo(Class<?> c) {
        int length = body != null ? body.length : written.size();
        return length == 0 || c.isAssignableFrom(byte[].class);
    }

    private void checkReadable() throws JMSException {
        if (body == null) {
            throw new MessageNotReadableException("a BytesMessage is write-only until reset() (spec 3.11)");
        }
        checkBodyReadable();
    }

    /** The next {@code n} bytes, moving the position only when there are that many. */
    private ByteBuffer take(int n) throws JMSException {
        checkReadable();
        if (body.length - position < n) {
            throw eof(n + " bytes", null);
        }
        ByteBuffer slice = ByteBuffer.wrap(body, position, n);
        position += n;
        return slice;
    }

    private MessageEOFException eof(String what, Exception cause) {
        MessageEOFException e = new MessageEOFException("cannot read " + what + " at " + position + ": the body has "
                + (body.length - position) + " bytes left");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** One write to the body's stream. */
    private interface Write {
        void to(DataOutputStream out) throws IOException;
    }

    private void write(Write write) throws JMSException {
        checkBodyWritable();
        try {
            write.to(out);
        } catch (UTFDataFormatException e) {
            MessageFormatException format = new MessageFormatException("cannot write the String: " + e.getMessage());
            format.initCause(e);
            throw format;
        } catch (IOException e) {
            throw new IllegalStateException("a byte array stream failed", e);
        }
    }
}
