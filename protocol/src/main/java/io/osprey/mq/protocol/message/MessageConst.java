package io.osprey.mq.protocol.message;

/**
 * Names of the well-known message property keys (reference §5.2). Unknown keys are legal and must be preserved
 * byte-for-byte; these are only the ones the broker or client interprets.
 */
public final class MessageConst {
    /** Space-separated business keys, indexed for QUERY_MESSAGE. */
    public static final String KEYS = "KEYS";
    /** The message tag; the broker indexes {@code TAGS.hashCode()} in the consume queue. */
    public static final String TAGS = "TAGS";
    /** waitStoreMsgOK, default {@code true}; the stock broker strips it when storing. */
    public static final String WAIT_STORE_MSG_OK = "WAIT";
    /** Delay level 1–18. */
    public static final String DELAY_TIME_LEVEL = "DELAY";
    /** Client-generated unique id, what consumers see as {@code getMsgId()}. */
    public static final String UNIQ_CLIENT_MESSAGE_ID_KEYIDX = "UNIQ_KEY";
    /** {@code true} on a transactional half message. */
    public static final String TRANSACTION_PREPARED = "TRAN_MSG";
    /** Producer group of a transactional half message. */
    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String INSTANCE_ID = "INSTANCE_ID";
    public static final String CORRELATION_ID = "CORRELATION_ID";
    public static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";
    public static final String TTL = "TTL";
    public static final String MSG_TYPE = "MSG_TYPE";
    /** [5.x] absolute delivery time in epoch millis. */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    /** [5.x] delivery delay in seconds. */
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    /** [5.x] delivery delay in milliseconds. */
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** Original topic of a message parked in {@code %RETRY%group}. */
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    /** Target topic while parked in a delay or half-message topic. */
    public static final String REAL_TOPIC = "REAL_TOPIC";
    /** Target queue id while parked in a delay or half-message topic. */
    public static final String REAL_QUEUE_ID = "REAL_QID";
    /** Cluster name, added by the broker to every stored message. */
    public static final String CLUSTER = "CLUSTER";
    public static final String TRAN_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    /** Client-only: the queue's min offset copied from the pull reply. */
    public static final String MIN_OFFSET = "MIN_OFFSET";
    /** Client-only: the queue's max offset copied from the pull reply. */
    public static final String MAX_OFFSET = "MAX_OFFSET";
    public static final String CONSUME_START_TIME = "CONSUME_START_TIME";

    /** Separates a key from its value. */
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    /** Separates one property from the next. */
    public static final char PROPERTY_SEPARATOR = '\u0002';

    private MessageConst() {
    }
}
