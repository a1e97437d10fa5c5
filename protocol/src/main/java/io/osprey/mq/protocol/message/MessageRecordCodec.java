package io.osprey.mq.protocol.message;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the V1 stored/pulled record of reference §5.3. Big-endian throughout.
 *
 * <pre>
 *  offset (IPv4 hosts)   field
 *   0  TOTAL_SIZE         int    whole record, this field included
 *   4  MAGIC              int    0xDAA320A7 (V1)
 *   8  BODY_CRC           int    CRC32(body) &amp; 0x7FFFFFFF
 *  12  QUEUE_ID           int
 *  16  FLAG               int
 *  20  QUEUE_OFFSET       long
 *  28  PHYSICAL_OFFSET    long
 *  36  SYS_FLAG           int
 *  40  BORN_TIMESTAMP     long
 *  48  BORN_HOST          4 (or 16 if sysFlag 0x10) IP bytes + int port
 *  56  STORE_TIMESTAMP    long            (shifts by 12 with an IPv6 born host)
 *  64  STORE_HOST         4 (or 16 if sysFlag 0x20) IP bytes + int port
 *  72  RECONSUME_TIMES    int
 *  76  PREPARED_TX_OFFSET long
 *  84  BODY_LENGTH        int, then body bytes
 *   .  TOPIC_LENGTH       byte, then topic UTF-8
 *   .  PROPERTIES_LENGTH  short, then properties UTF-8
 * </pre>
 *
 * With IPv4 hosts the fixed overhead is {@value #FIXED_OVERHEAD_IPV4} bytes. The offsets above before
 * BORN_HOST are fixed whatever the host widths; the store reads {@link #QUEUE_OFFSET_OFFSET} etc. directly.
 *
 * <p>Decoders never take ownership of their input; they advance its read position past what they read.
 */
public final class MessageRecordCodec {
    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int BODY_CRC_OFFSET = 8;
    public static final int QUEUE_ID_OFFSET = 12;
    public static final int FLAG_OFFSET = 16;
    public static final int QUEUE_OFFSET_OFFSET = 20;
    public static final int PHYSICAL_OFFSET_OFFSET = 28;
    public static final int SYS_FLAG_OFFSET = 36;
    public static final int BORN_TIMESTAMP_OFFSET = 40;
    public static final int BORN_HOST_OFFSET = 48;
    /** 4+4+4+4+4+8+8+4+8+8+8+8+4+8+4+1+2 with IPv4 hosts. */
    public static final int FIXED_OVERHEAD_IPV4 = 91;
    private static final int IPV6_EXTRA = 12;

    private MessageRecordCodec() {
    }

    /** Bytes {@code record} takes when encoded. */
    public static int encodedSize(MessageRecord record) {
        return encodedSize(record.sysFlag(), record.body().length, record.topicBytes(),
                record.properties().getBytes(StandardCharsets.UTF_8).length);
    }

    static int encodedSize(int sysFlag, int bodyLength, int topicLength, int propertiesLength) {
        int size = FIXED_OVERHEAD_IPV4 + bodyLength + topicLength + propertiesLength;
        if ((sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) != 0) {
            size += IPV6_EXTRA;
        }
        if ((sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG) != 0) {
            size += IPV6_EXTRA;
        }
        return size;
    }

    /** Offset of STORE_TIMESTAMP within a record with the given sysFlag. */
    public static int storeTimestampOffset(int sysFlag) {
        return BORN_HOST_OFFSET + ((sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) != 0 ? 20 : 8);
    }

    /** Writes {@code record} at {@code out}'s position (which advances); {@code out} must be big-endian. */
    public static void encode(MessageRecord record, ByteBuffer out) {
        if (out.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("buffer must be big-endian");
        }
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = record.properties().getBytes(StandardCharsets.UTF_8);
        checkLengths(topic, properties);
        int size = encodedSize(record.sysFlag(), record.body().length, topic.length, properties.length);
        out.putInt(size)
                .putInt(MessageRecord.MAGIC_V1)
                .putInt(record.bodyCrc())
                .putInt(record.queueId())
                .putInt(record.flag())
                .putLong(record.queueOffset())
                .putLong(record.physicalOffset())
                .putInt(record.sysFlag())
                .putLong(record.bornTimestamp());
        putHost(out, record.bornHost());
        out.putLong(record.storeTimestamp());
        putHost(out, record.storeHost());
        out.putInt(record.reconsumeTimes())
                .putLong(record.preparedTransactionOffset())
                .putInt(record.body().length).put(record.body())
                .put((byte) topic.length).put(topic)
                .putShort((short) properties.length).put(properties);
    }

    /** Writes {@code record} at {@code out}'s writer index. Does not take ownership of {@code out}. */
    public static void encode(MessageRecord record, ByteBuf out) {
        int size = encodedSize(record);
        out.ensureWritable(size);
        if (out.nioBufferCount() != 1) {
            // a composite buffer's nioBuffer is a copy, so writing into it would be lost
            out.writeBytes(encode(record));
            return;
        }
        ByteBuffer nio = out.nioBuffer(out.writerIndex(), size);
        encode(record, nio);
        out.writerIndex(out.writerIndex() + size);
    }

    /** The encoded bytes of {@code record}. */
    public static byte[] encode(MessageRecord record) {
        ByteBuffer buf = ByteBuffer.allocate(encodedSize(record));
        encode(record, buf);
        return buf.array();
    }

    /**
     * Decodes one record at {@code in}'s position and advances past it.
     *
     * @throws MalformedMessageException if the bytes are not one whole, consistent V1 record
     */
    public static MessageRecord decode(ByteBuffer in) {
        ByteBuffer buf = in.slice().order(ByteOrder.BIG_ENDIAN);
        if (buf.remaining() < FIXED_OVERHEAD_IPV4) {
            throw new MalformedMessageException("record needs at least " + FIXED_OVERHEAD_IPV4 + " bytes, have "
                    + buf.remaining());
        }
        int totalSize = buf.getInt();
        if (totalSize < FIXED_OVERHEAD_IPV4 || totalSize > buf.capacity()) {
            throw new MalformedMessageException("record totalSize " + totalSize + " outside [" + FIXED_OVERHEAD_IPV4
                    + ", " + buf.capacity() + "]");
        }
        buf.limit(totalSize);
        try {
            MessageRecord record = readFields(buf, totalSize);
            in.position(in.position() + totalSize);
            return record;
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("record fields run past its totalSize " + totalSize);
        }
    }

    /** Decodes one record at {@code in}'s reader index and advances past it. Does not take ownership. */
    public static MessageRecord decode(ByteBuf in) {
        ByteBuffer nio = in.nioBuffer(in.readerIndex(), in.readableBytes());
        int before = nio.position();
        MessageRecord record = decode(nio);
        in.skipBytes(nio.position() - before);
        return record;
    }

    /** Decodes a whole byte array holding exactly one record. */
    public static MessageRecord decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        MessageRecord record = decode(buf);
        if (buf.hasRemaining()) {
            throw new MalformedMessageException(buf.remaining() + " bytes after the record");
        }
        return record;
    }

    /** Decodes records back to back until {@code in} is exhausted (a pull reply body). */
    public static List<MessageRecord> decodeAll(ByteBuffer in) {
        List<MessageRecord> records = new ArrayList<>();
        while (in.hasRemaining()) {
            records.add(decode(in));
        }
        return records;
    }

    /** Decodes every record in {@code bytes}. */
    public static List<MessageRecord> decodeAll(byte[] bytes) {
        return decodeAll(ByteBuffer.wrap(bytes));
    }

    private static MessageRecord readFields(ByteBuffer buf, int totalSize) {
        int magic = buf.getInt();
        if (magic != MessageRecord.MAGIC_V1) {
            throw new MalformedMessageException(String.format("record magic 0x%08X is not V1 0x%08X", magic,
                    MessageRecord.MAGIC_V1));
        }
        int bodyCrc = buf.getInt();
        int queueId = buf.getInt();
        int flag = buf.getInt();
        long queueOffset = buf.getLong();
        long physicalOffset = buf.getLong();
        int sysFlag = buf.getInt();
        long bornTimestamp = buf.getLong();
        InetSocketAddress bornHost = getHost(buf, (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) != 0);
        long storeTimestamp = buf.getLong();
        InetSocketAddress storeHost = getHost(buf, (sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG) != 0);
        int reconsumeTimes = buf.getInt();
        long preparedTransactionOffset = buf.getLong();
        byte[] body = getBytes(buf, buf.getInt(), "body");
        int actualCrc = MessageRecord.bodyCrc(body, 0, body.length);
        if (actualCrc != bodyCrc) {
            throw new MalformedMessageException("body CRC " + actualCrc + " != stored " + bodyCrc);
        }
        String topic = new String(getBytes(buf, buf.get(), "topic"), StandardCharsets.UTF_8);
        String properties = new String(getBytes(buf, buf.getShort(), "properties"), StandardCharsets.UTF_8);
        if (buf.hasRemaining()) {
            throw new MalformedMessageException("record totalSize " + totalSize + " leaves " + buf.remaining()
                    + " unread bytes");
        }
        return new MessageRecord(queueId, flag, queueOffset, physicalOffset, sysFlag, bornTimestamp, bornHost,
                storeTimestamp, storeHost, reconsumeTimes, preparedTransactionOffset, body, topic, properties);
    }

    private static byte[] getBytes(ByteBuffer buf, int length, String what) {
        if (length < 0 || length > buf.remaining()) {
            throw new MalformedMessageException(what + " length " + length + " outside [0, " + buf.remaining() + "]");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return bytes;
    }

    private static void putHost(ByteBuffer out, InetSocketAddress host) {
        out.put(host.getAddress().getAddress()).putInt(host.getPort());
    }

    private static InetSocketAddress getHost(ByteBuffer buf, boolean v6) {
        byte[] ip = new byte[v6 ? 16 : 4];
        buf.get(ip);
        int port = buf.getInt();
        if (port < 0 || port > 0xFFFF) {
            throw new MalformedMessageException("host port " + port + " out of range");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("bad host address of " + ip.length + " bytes");
        }
    }

    private static void checkLengths(byte[] topic, byte[] properties) {
        if (topic.length > MessageRecord.MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic is " + topic.length + " bytes, more than "
                    + MessageRecord.MAX_TOPIC_BYTES);
        }
        if (properties.length > MessageProperties.MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException("properties are " + properties.length + " bytes, more than "
                    + MessageProperties.MAX_ENCODED_BYTES);
        }
    }
}
