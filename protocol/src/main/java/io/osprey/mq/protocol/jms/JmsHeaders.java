package io.osprey.mq.protocol.jms;

import io.osprey.mq.protocol.message.MessageConst;
import java.util.Map;
import java.util.Set;

/**
 * The RocketMQ message properties that carry a JMS message's headers, and the property names JMS applications may not
 * use.
 *
 * <p>Each header travels as a property named after the header itself ({@code JMSPriority=4}). The spec reserves the
 * {@code JMS} prefix (3.5.1, 3.8.1.1), so these never clash with an application's properties, and a RocketMQ
 * consumer reads them under the names a JMS user knows. Two headers are not properties:
 * <ul>
 *   <li>{@code JMSMessageID} is {@code "ID:" + UNIQ_KEY}, so JMS and RocketMQ tools show the same id;</li>
 *   <li>{@code JMSRedelivered} is set by the receiving side from the broker's delivery count.</li>
 * </ul>
 *
 * <p>RocketMQ's own properties keep their meaning: the ones a RocketMQ broker or client interprets
 * ({@link #isRocketMqSystemProperty}) cannot be JMS properties, since a JMS property {@code DELAY} would delay the
 * message. {@code TAGS} and {@code KEYS} are left to RocketMQ users: the provider sets neither, a JMS application
 * may set them as String properties (and so tag a message for RocketMQ consumers), and a JMS consumer sees a RocketMQ
 * producer's tags and keys as String properties.
 */
public final class JmsHeaders {
    public static final String JMS_DESTINATION = "JMSDestination";
    /** {@value #PERSISTENT} or {@value #NON_PERSISTENT}, the values selectors compare it with (3.8.1.3). */
    public static final String JMS_DELIVERY_MODE = "JMSDeliveryMode";
    public static final String JMS_PRIORITY = "JMSPriority";
    public static final String JMS_TIMESTAMP = "JMSTimestamp";
    public static final String JMS_EXPIRATION = "JMSExpiration";
    public static final String JMS_DELIVERY_TIME = "JMSDeliveryTime";
    /** A correlation id set as a String. */
    public static final String JMS_CORRELATION_ID = "JMSCorrelationID";
    /** A correlation id set as bytes ({@code setJMSCorrelationIDAsBytes}), in standard Base64. */
    public static final String JMS_CORRELATION_ID_AS_BYTES = "JMSCorrelationIDAsBytes";
    public static final String JMS_TYPE = "JMSType";
    /** A {@link JmsDestinationAddress} string: {@code queue://name}, {@code temp-topic://name}... */
    public static final String JMS_REPLY_TO = "JMSReplyTo";
    /** Not a property: the selector identifier, {@code "ID:" + UNIQ_KEY}. */
    public static final String JMS_MESSAGE_ID = "JMSMessageID";
    /** Not a property: set on receipt. */
    public static final String JMS_REDELIVERED = "JMSRedelivered";

    public static final String JMSX_USER_ID = "JMSXUserID";
    public static final String JMSX_APP_ID = "JMSXAppID";
    public static final String JMSX_DELIVERY_COUNT = "JMSXDeliveryCount";
    public static final String JMSX_GROUP_ID = "JMSXGroupID";
    public static final String JMSX_GROUP_SEQ = "JMSXGroupSeq";
    public static final String JMSX_PRODUCER_TXID = "JMSXProducerTXID";
    public static final String JMSX_CONSUMER_TXID = "JMSXConsumerTXID";
    public static final String JMSX_RCV_TIMESTAMP = "JMSXRcvTimestamp";
    public static final String JMSX_STATE = "JMSXState";

    /** The body type, a {@link JmsBodyType#wireName()}; absent means bytes. */
    public static final String OSPREY_BODY = "OSPREY_BODY";
    /** The types of the properties that are not plain non-empty Strings; see {@link TypedProperties}. */
    public static final String OSPREY_TYPES = "OSPREY_TYPES";
    /** Every property name starting with this is Osprey's. */
    public static final String OSPREY_PREFIX = "OSPREY_";

    public static final String MESSAGE_ID_PREFIX = "ID:";
    public static final String PERSISTENT = "PERSISTENT";
    public static final String NON_PERSISTENT = "NON_PERSISTENT";
    /** {@code jakarta.jms.DeliveryMode.PERSISTENT}. */
    public static final int DELIVERY_MODE_PERSISTENT = 2;
    /** {@code jakarta.jms.DeliveryMode.NON_PERSISTENT}. */
    public static final int DELIVERY_MODE_NON_PERSISTENT = 1;
    /** {@code jakarta.jms.Message.DEFAULT_PRIORITY}: what a message without {@code JMSPriority} has. */
    public static final int DEFAULT_PRIORITY = 4;

    /** The headers carried as properties. */
    private static final Set<String> HEADER_PROPERTIES = Set.of(JMS_DESTINATION, JMS_DELIVERY_MODE, JMS_PRIORITY,
            JMS_TIMESTAMP, JMS_EXPIRATION, JMS_DELIVERY_TIME, JMS_CORRELATION_ID, JMS_CORRELATION_ID_AS_BYTES, JMS_TYPE,
            JMS_REPLY_TO);

    /** JMSX properties a provider sets on receipt (spec table 3-3): per delivery, so never sent. */
    private static final Set<String> RECEIPT_JMSX = Set.of(JMSX_DELIVERY_COUNT, JMSX_CONSUMER_TXID,
            JMSX_RCV_TIMESTAMP, JMSX_STATE);

    /**
     * The names the stock client refuses as user properties ({@code MessageConst.STRING_HASH_SET}) without TAGS and
     * KEYS, and the other names RocketMQ's broker and clients interpret.
     */
    private static final Set<String> ROCKETMQ_SYSTEM_PROPERTIES = Set.of(
            MessageConst.WAIT_STORE_MSG_OK, MessageConst.DELAY_TIME_LEVEL, MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
            MessageConst.TRANSACTION_PREPARED, MessageConst.PRODUCER_GROUP, MessageConst.INSTANCE_ID,
            MessageConst.CORRELATION_ID, MessageConst.REPLY_TO_CLIENT, MessageConst.TTL, MessageConst.MSG_TYPE,
            MessageConst.TIMER_DELIVER_MS, MessageConst.TIMER_DELAY_SEC, MessageConst.TIMER_DELAY_MS,
            MessageConst.RETRY_TOPIC, MessageConst.ORIGIN_MESSAGE_ID, MessageConst.RECONSUME_TIME,
            MessageConst.MAX_RECONSUME_TIMES, MessageConst.REAL_TOPIC, MessageConst.REAL_QUEUE_ID,
            MessageConst.CLUSTER, MessageConst.TRAN_PREPARED_QUEUE_OFFSET, MessageConst.TRANSACTION_CHECK_TIMES,
            MessageConst.MIN_OFFSET, MessageConst.MAX_OFFSET, MessageConst.CONSUME_START_TIME,
            "TRACE_ON", "MSG_REGION", "BUYER_ID", "TRANSFER_FLAG", "CORRECTION_FLAG", "MQ2_FLAG",
            "EXTEND_UNIQ_INFO", "INNER_NUM", "INNER_BASE", "DUP_INFO", "CHECK_IMMUNITY_TIME_IN_SECONDS",
            "__transactionId__", "ARRIVE_TIME", "PUSH_REPLY_TIME", "POP_CK", "POP_CK_OFFSET", "1ST_POP_TIME",
            "__SHARDINGKEY", "PROPERTY_FORWARD_QUEUE_ID", "REDIRECT", "INNER_MULTI_DISPATCH",
            "INNER_MULTI_QUEUE_OFFSET", "TRACE_CONTEXT", "TIMER_ENQUEUE_MS", "TIMER_DEQUEUE_MS", "TIMER_ROLL_TIMES",
            "TIMER_OUT_MS", "TIMER_DEL_UNIQKEY", "TIMER_DELAY_LEVEL", "__BORNHOST", "BORN_TIMESTAMP",
            "__STARTDELIVERTIME");

    /** Properties under this prefix are never stored by a RocketMQ broker. */
    private static final String ROCKETMQ_TRANSIENT_PREFIX = "__RMQ.TRANSIENT.";

    private JmsHeaders() {
    }

    /** Whether {@code name} is a header carried as a property ({@code JMSPriority}, {@code JMSReplyTo}...). */
    public static boolean isHeaderProperty(String name) {
        return HEADER_PROPERTIES.contains(name);
    }

    /** Whether {@code name} is a JMSX property the provider sets on receipt ({@code JMSXDeliveryCount}...). */
    public static boolean isReceiptJmsxProperty(String name) {
        return RECEIPT_JMSX.contains(name);
    }

    /** Whether a RocketMQ broker or client gives {@code name} a meaning of its own (TAGS and KEYS excepted). */
    public static boolean isRocketMqSystemProperty(String name) {
        return ROCKETMQ_SYSTEM_PROPERTIES.contains(name) || name.startsWith(ROCKETMQ_TRANSIENT_PREFIX);
    }

    /**
     * Why {@code name} cannot be a JMS property on the wire, or null when it can: a header carried as a property,
     * an Osprey property, a RocketMQ system property, or a JMSX property set on receipt.
     */
    public static String reservedReason(String name) {
        if (isHeaderProperty(name)) {
            return "carries the " + name + " header";
        }
        if (name.startsWith(OSPREY_PREFIX)) {
            return "starts with " + OSPREY_PREFIX + ", which Osprey reserves";
        }
        if (isRocketMqSystemProperty(name)) {
            return "is a RocketMQ system property";
        }
        if (isReceiptJmsxProperty(name)) {
            return "is set by the provider on receipt";
        }
        return null;
    }

    /**
     * Whether a property of a received RocketMQ message is one of the JMS message's properties: what
     * {@code getPropertyNames()} lists. Everything but the names {@link #reservedReason} rejects.
     */
    public static boolean isJmsProperty(String name) {
        return reservedReason(name) == null;
    }

    /** The JMSMessageID of a message with these properties, {@code "ID:" + UNIQ_KEY}, or null without UNIQ_KEY. */
    public static String messageId(Map<String, String> properties) {
        String uniqKey = properties.get(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return uniqKey == null ? null : MESSAGE_ID_PREFIX + uniqKey;
    }

    /** The UNIQ_KEY of a JMSMessageID, or null when it does not start with {@code "ID:"} or has nothing after it. */
    public static String uniqKey(String jmsMessageId) {
        if (jmsMessageId == null || !jmsMessageId.startsWith(MESSAGE_ID_PREFIX)
                || jmsMessageId.length() == MESSAGE_ID_PREFIX.length()) {
            return null;
        }
        return jmsMessageId.substring(MESSAGE_ID_PREFIX.length());
    }

    /**
     * {@value #PERSISTENT} for 2, {@value #NON_PERSISTENT} for 1.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static String deliveryModeName(int deliveryMode) {
        return switch (deliveryMode) {
            case DELIVERY_MODE_PERSISTENT -> PERSISTENT;
            case DELIVERY_MODE_NON_PERSISTENT -> NON_PERSISTENT;
            default -> throw new IllegalArgumentException("JMSDeliveryMode must be 1 (NON_PERSISTENT) or"
                    + " 2 (PERSISTENT), got " + deliveryMode);
        };
    }

    /**
     * The delivery mode a {@code JMSDeliveryMode} property value names; a message without one is persistent
     * (a RocketMQ broker stores every message).
     *
     * @throws MalformedJmsMessageException for a value other than the two names
     */
    public static int deliveryMode(String name) {
        if (name == null || name.equals(PERSISTENT)) {
            return DELIVERY_MODE_PERSISTENT;
        }
        if (name.equals(NON_PERSISTENT)) {
            return DELIVERY_MODE_NON_PERSISTENT;
        }
        throw new MalformedJmsMessageException(JMS_DELIVERY_MODE + " must be " + PERSISTENT + " or "
                + NON_PERSISTENT + ", got [" + name + "]");
    }
}
