package io.osprey.mq.jms.message;

import jakarta.jms.MessageFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies of MapMessage and StreamMessage on the wire: typed values, big-endian, small enough to read from any
 * language.
 *
 * <pre>
 *   stream body = version:u8 (1) | value*                       values to the end of the body, in write order
 *   map body    = version:u8 (1) | count:u32 | (name value)*    name = a 'T' or 'U' value, without null
 *
 *   value = tag:u8 | payload
 *     'N' 0x4E  null          -
 *     'Z' 0x5A  boolean       u8: 0 false, 1 true
 *     'B' 0x42  byte          i8
 *     'S' 0x53  short         i16
 *     'C' 0x43  char          u16 (a UTF-16 code unit)
 *     'I' 0x49  int           i32
 *     'J' 0x4A  long          i64
 *     'F' 0x46  float         i32: Float.floatToRawIntBits (NaN payloads kept)
 *     'D' 0x44  double        i64: Double.doubleToRawLongBits
 *     'T' 0x54  String        length:u32 | UTF-8 bytes
 *     'U' 0x55  String        length:u32 (chars) | UTF-16BE code units: only a String with an unpaired surrogate,
 *                             which UTF-8 cannot hold
 *     '[' 0x5B  byte[]        length:u32 | bytes
 * </pre>
 *
 * <p>The tags are the type codes of {@code OSPREY_TYPES} where the two overlap. Lengths above 2^31-1 are refused.
 */
final class TypedBodyCodec {
    static final int VERSION = 1;

    static final byte NULL = 'N';
    static final byte BOOLEAN = 'Z';
    static final byte BYTE = 'B';
    static final byte SHORT = 'S';
    static final byte CHAR = 'C';
    static final byte INT = 'I';
    static final byte LONG = 'J';
    static final byte FLOAT = 'F';
    static final byte DOUBLE = 'D';
    static final byte UTF8_STRING = 'T';
    static final byte UTF16_STRING = 'U';
    static final byte BYTES = '[';

    private TypedBodyCodec() {
    }

    static byte[] encodeStream(List<Object> values) {
        Output out = new Output();
        out.u8(VERSION);
        for (Object value : values) {
            out.value(value);
        }
        return out.bytes();
    }

    static byte[] encodeMap(Map<String, Object> entries) {
        Output out = new Output();
        out.u8(VERSION);
        out.i32(entries.size());
        entries.forEach((name, value) -> {
            out.string(name);
            out.value(value);
        });
        return out.bytes();
    }

    /** @throws MessageFormatException for a body that is not a version-1 stream body */
    static List<Object> decodeStream(byte[] body) throws MessageFormatException {
        Input in = new Input(body, "StreamMessage");
        List<Object> values = new ArrayList<>();
        while (in.hasMore()) {
            values.add(in.value());
        }
        return values;
    }

    /** @throws MessageFormatException for a body that is not a version-1 map body */
    static LinkedHashMap<String, Object> decodeMap(byte[] body) throws MessageFormatException {
        Input in = new Input(body, "MapMessage");
        int count = in.length();
        LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Object name = in.value();
            if (!(name instanceof String s) || s.isEmpty()) {
                throw in.malformed("entry " + i + " has no name");
            }
            entries.put(s, in.value());
        }
        if (in.hasMore()) {
            throw in.malformed("bytes follow its " + count + " entries");
        }
        return entries;
    }

    /** Whether {@code s} has an unpaired surrogate, which UTF-8 cannot encode. */
    static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        byte[] bytes() {
            return bytes.toByteArray();
        }

        void u8(int v) {
            write(() -> out.writeByte(v));
        }

        void i32(int v) {
            write(() -> out.writeInt(v));
        }

        void string(String s) {
            if (hasUnpairedSurrogate(s)) {
                write(() -> {
                    out.writeByte(UTF16_STRING);
                    out.writeInt(s.length());
                    out.writeChars(s);
                });
            } else {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                write(() -> {
                    out.writeByte(UTF8_STRING);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                });
            }
        }

        void value(Object value) {
            write(() -> {
                if (value == null) {
                    out.writeByte(NULL);
                } else if (value instanceof Boolean v) {
                    out.writeByte(BOOLEAN);
                    out.writeByte(v ? 1 : 0);
                } else if (value instanceof Byte v) {
                    out.writeByte(BYTE);
                    out.writeByte(v);
                } else if (value instanceof Short v) {
                    out.writeByte(SHORT);
                    out.writeShort(v);
                } else if (value instanceof Character v) {
                    out.writeByte(CHAR);
                    out.writeChar(v);
                } else if (value instanceof Integer v) {
                    out.writeByte(INT);
                    out.writeInt(v);
                } else if (value instanceof Long v) {
                    out.writeByte(LONG);
                    out.writeLong(v);
                } else if (value instanceof Float v) {
                    out.writeByte(FLOAT);
                    out.writeInt(Float.floatToRawIntBits(v));
                } else if (value instanceof Double v) {
                    out.writeByte(DOUBLE);
                    out.writeLong(Double.doubleToRawLongBits(v));
                } else if (value instanceof String v) {
                    string(v);
                } else if (value instanceof byte[] v) {
                    out.writeByte(BYTES);
                    out.writeInt(v.length);
                    out.write(v);
                } else {
                    // The message classes only store the types above.
                    throw new IllegalArgumentException("not a MapMessage/StreamMessage value: " + value.getClass());
                }
            });
        }

        private interface Write {
            void run() throws IOException;
        }

        private static void write(Write write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new IllegalStateException("a byte array stream failed", e);
            }
        }
    }

    private static final class Input {
        private final ByteBuffer buffer;
        private final String what;

        Input(byte[] body, String what) throws MessageFormatException {
            this.buffer = ByteBuffer.wrap(body == null ? new byte[0] : body);
            this.what = what;
            if (!buffer.hasRemaining()) {
                throw malformed("the body is empty; it starts with a version byte");
            }
            int version = buffer.get() & 0xFF;
            if (version != VERSION) {
                throw malformed("version " + version + " is not " + VERSION);
            }
        }

        boolean hasMore() {
            return buffer.hasRemaining();
        }

        int length() throws MessageFormatException {
            int length = need(4).getInt();
            if (length < 0 || (long) length > buffer.remaining()) {
                throw malformed("the length " + Integer.toUnsignedString(length) + " at " + (buffer.position() - 4)
                        + " runs past the body");
            }
            return length;
        }

        Object value() throws MessageFormatException {
            int at = buffer.position();
            byte tag = need(1).get();
            return switch (tag) {
                case NULL -> null;
                case BOOLEAN -> {
                    byte b = need(1).get();
                    if (b != 0 && b != 1) {
                        throw malformed("the boolean at " + at + " is " + b);
                    }
                    yield b == 1;
                }
                case BYTE -> need(1).get();
                case SHORT -> need(2).getShort();
                case CHAR -> need(2).getChar();
                case INT -> need(4).getInt();
                case LONG -> need(8).getLong();
                case FLOAT -> Float.intBitsToFloat(need(4).getInt());
                case DOUBLE -> Double.longBitsToDouble(need(8).getLong());
                case UTF8_STRING -> utf8(length());
                case UTF16_STRING -> utf16(length());
                case BYTES -> {
                    byte[] bytes = new byte[length()];
                    buffer.get(bytes);
                    yield bytes;
                }
                default -> throw malformed("the tag 0x" + Integer.toHexString(tag & 0xFF) + " at " + at
                        + " is not a value type");
            };
        }

        private String utf8(int length) throws MessageFormatException {
            ByteBuffer slice = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
            } catch (CharacterCodingException e) {
                throw malformed("a String is not UTF-8: " + e);
            }
        }

        private String utf16(int chars) throws MessageFormatException {
            if ((long) chars * 2 > buffer.remaining()) {
                throw malformed("a UTF-16 String of " + chars + " chars runs past the body");
            }
            CharBuffer text = buffer.slice(buffer.position(), chars * 2).asCharBuffer();
            buffer.position(buffer.position() + chars * 2);
            return text.toString();
        }

        private ByteBuffer need(int n) throws MessageFormatException {
            if (buffer.remaining() < n) {
                throw malformed("it ends " + (n - buffer.remaining()) + " bytes short at " + buffer.position());
            }
            return buffer;
        }

        MessageFormatException malformed(String why) {
            return new MessageFormatException("the body of a " + what + " cannot be read: " + why);
        }
    }
}
