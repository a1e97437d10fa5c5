package io.osprey.mq.protocol.message;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * One message as stored by the broker and carried in pull replies, VIEW_MESSAGE_BY_ID and
 * CHECK_TRANSACTION_STATE: the V1 record of reference §5.3. {@link MessageRecordCodec} draws the byte layout.
 *
 * <p>Of the 17 wire fields, {@code totalSize}, {@code magic} and {@code bodyCRC} are derived
 * ({@link #totalSize()}, {@link #MAGIC_V1}, {@link #bodyCrc()}); the length prefixes of body, topic and
 * properties are implied by the values. The width of each host on the wire (4- or 16-byte address) follows
 * the {@code sysFlag} bits {@link MessageSysFlag#BORNHOST_V6_FLAG} and
 * {@link MessageSysFlag#STOREHOST_ADDRESS_V6_FLAG}, which must agree with the addresses given.
 *
 * @param queueId                   queue within the topic
 * @param flag                      user flag, stored verbatim
 * @param queueOffset               logical offset within the consume queue
 * @param physicalOffset            the message's identity in the broker (maps back to it in VIEW_MESSAGE_BY_ID)
 * @param sysFlag                   §5.4 bits
 * @param bornTimestamp             producer clock, epoch millis
 * @param bornHost                  producer address
 * @param storeTimestamp            broker clock when stored, epoch millis
 * @param storeHost                 broker's advertised address
 * @param reconsumeTimes            deliveries already failed (retry topics)
 * @param preparedTransactionOffset physical offset of the half message, for committed transactional messages
 * @param body                      body as stored (compressed when sysFlag has 0x1); not copied, do not mutate
 * @param topic                     topic, at most 127 UTF-8 bytes
 * @param properties                encoded properties string (§5.2), never null
 */
public record MessageRecord(
        int queueId,
        int flag,
        long queueOffset,
        long physicalOffset,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        long storeTimestamp,
        InetSocketAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        String topic,
        String properties) {

    /** Magic of the V1 record: -626843481. Never write V2 (0xDAA320AB): 4.9 clients cannot read it. */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Largest topic in UTF-8 bytes: the topic length is one signed byte. */
    public static final int MAX_TOPIC_BYTES = Byte.MAX_VALUE;

    public MessageRecord {
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(storeHost, "storeHost");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(properties, "properties");
        if (bornHost.getAddress() == null || storeHost.getAddress() == null) {
            throw new IllegalArgumentException("hosts must be resolved addresses");
        }
        if (MessageSysFlag.isV6(bornHost) != ((sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) != 0)) {
            throw new IllegalArgumentException("sysFlag BORNHOST_V6 bit does not match bornHost " + bornHost);
        }
        if (MessageSysFlag.isV6(storeHost) != ((sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG) != 0)) {
            throw new IllegalArgumentException("sysFlag STOREHOST_V6 bit does not match storeHost " + storeHost);
        }
    }

    /** Bytes of the encoded record, including the 4-byte totalSize field itself. */
    public int totalSize() {
        return MessageRecordCodec.encodedSize(this);
    }

    /** CRC32 of the body, masked to 31 bits, as the stock broker writes it. */
    public int bodyCrc() {
        return bodyCrc(body, 0, body.length);
    }

    /** The properties decoded into an ordered, mutable map. */
    public Map<String, String> propertiesMap() {
        return MessageProperties.decode(properties);
    }

    /** The offset msgId (§5.6) of this record. */
    public MessageId messageId() {
        return new MessageId(storeHost, physicalOffset);
    }

    /** The topic length the record carries; fails if the topic is longer than one signed byte allows. */
    int topicBytes() {
        int n = topic.getBytes(StandardCharsets.UTF_8).length;
        if (n > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic is " + n + " bytes, more than " + MAX_TOPIC_BYTES);
        }
        return n;
    }

    static int bodyCrc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageRecord r
                && queueId == r.queueId && flag == r.flag && queueOffset == r.queueOffset
                && physicalOffset == r.physicalOffset && sysFlag == r.sysFlag && bornTimestamp == r.bornTimestamp
                && storeTimestamp == r.storeTimestamp && reconsumeTimes == r.reconsumeTimes
                && preparedTransactionOffset == r.preparedTransactionOffset
                && bornHost.equals(r.bornHost) && storeHost.equals(r.storeHost)
                && Arrays.equals(body, r.body) && topic.equals(r.topic) && properties.equals(r.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(queueId, queueOffset, physicalOffset, topic, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "MessageRecord[topic=" + topic + ", queueId=" + queueId + ", queueOffset=" + queueOffset
                + ", physicalOffset=" + physicalOffset + ", sysFlag=" + sysFlag + ", bodyLength=" + body.length
                + ", storeTimestamp=" + storeTimestamp + "]";
    }
}
