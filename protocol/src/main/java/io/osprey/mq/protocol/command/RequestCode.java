package io.osprey.mq.protocol.command;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Request codes. Codes below {@link #OSPREY_RANGE_START} are Apache RocketMQ's and keep their meaning;
 * Osprey's own operations (JMS acknowledgements, transactions, XA, browsing) take codes from the reserved
 * range {@code [OSPREY_RANGE_START, OSPREY_RANGE_END]}, listed here and never reused.
 */
public final class RequestCode {
    public static final int SEND_MESSAGE = 10;
    public static final int PULL_MESSAGE = 11;
    public static final int QUERY_MESSAGE = 12;
    public static final int QUERY_CONSUMER_OFFSET = 14;
    public static final int UPDATE_CONSUMER_OFFSET = 15;
    public static final int UPDATE_AND_CREATE_TOPIC = 17;
    public static final int GET_ALL_TOPIC_CONFIG = 21;
    public static final int GET_BROKER_RUNTIME_INFO = 28;
    public static final int SEARCH_OFFSET_BY_TIMESTAMP = 29;
    public static final int GET_MAX_OFFSET = 30;
    public static final int GET_MIN_OFFSET = 31;
    public static final int GET_EARLIEST_MSG_STORETIME = 32;
    public static final int VIEW_MESSAGE_BY_ID = 33;
    public static final int HEART_BEAT = 34;
    public static final int UNREGISTER_CLIENT = 35;
    public static final int CONSUMER_SEND_MSG_BACK = 36;
    public static final int END_TRANSACTION = 37;
    public static final int GET_CONSUMER_LIST_BY_GROUP = 38;
    public static final int CHECK_TRANSACTION_STATE = 39;
    public static final int NOTIFY_CONSUMER_IDS_CHANGED = 40;
    public static final int LOCK_BATCH_MQ = 41;
    public static final int UNLOCK_BATCH_MQ = 42;
    public static final int GET_ALL_CONSUMER_OFFSET = 43;
    public static final int GET_ALL_DELAY_OFFSET = 45;
    public static final int CHECK_CLIENT_CONFIG = 46;
    public static final int PUT_KV_CONFIG = 100;
    public static final int GET_KV_CONFIG = 101;
    public static final int DELETE_KV_CONFIG = 102;
    public static final int REGISTER_BROKER = 103;
    public static final int UNREGISTER_BROKER = 104;
    public static final int GET_ROUTEINFO_BY_TOPIC = 105;
    public static final int GET_BROKER_CLUSTER_INFO = 106;
    public static final int UPDATE_AND_CREATE_SUBSCRIPTIONGROUP = 200;
    public static final int GET_ALL_SUBSCRIPTIONGROUP_CONFIG = 201;
    public static final int GET_TOPIC_STATS_INFO = 202;
    public static final int GET_CONSUMER_CONNECTION_LIST = 203;
    public static final int GET_PRODUCER_CONNECTION_LIST = 204;
    public static final int WIPE_WRITE_PERM_OF_BROKER = 205;
    public static final int GET_ALL_TOPIC_LIST_FROM_NAMESERVER = 206;
    public static final int DELETE_SUBSCRIPTIONGROUP = 207;
    public static final int GET_CONSUME_STATS = 208;
    public static final int DELETE_TOPIC_IN_BROKER = 215;
    public static final int DELETE_TOPIC_IN_NAMESRV = 216;
    public static final int GET_KVLIST_BY_NAMESPACE = 219;
    public static final int RESET_CONSUMER_CLIENT_OFFSET = 220;
    public static final int GET_CONSUMER_STATUS_FROM_CLIENT = 221;
    public static final int INVOKE_BROKER_TO_RESET_OFFSET = 222;
    public static final int INVOKE_BROKER_TO_GET_CONSUMER_STATUS = 223;
    public static final int QUERY_TOPIC_CONSUME_BY_WHO = 300;
    public static final int GET_TOPICS_BY_CLUSTER = 224;
    public static final int GET_CONSUMER_RUNNING_INFO = 307;
    public static final int CONSUME_MESSAGE_DIRECTLY = 309;
    public static final int SEND_MESSAGE_V2 = 310;
    public static final int GET_UNIT_TOPIC_LIST = 311;
    public static final int GET_HAS_UNIT_SUB_TOPIC_LIST = 312;
    public static final int GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST = 313;
    public static final int CLONE_GROUP_OFFSET = 314;
    public static final int VIEW_BROKER_STATS_DATA = 315;
    public static final int QUERY_TOPICS_BY_CONSUMER = 343;
    public static final int SEND_BATCH_MESSAGE = 320;
    public static final int QUERY_DATA_VERSION = 322;
    public static final int PUSH_REPLY_MESSAGE_TO_CLIENT = 326;
    public static final int GET_TOPIC_CONFIG = 351;
    public static final int LITE_PULL_MESSAGE = 361;
    public static final int QUERY_ASSIGNMENT = 400;
    public static final int BROKER_HEARTBEAT = 904;

    /** First code of Osprey's reserved range. */
    public static final int OSPREY_RANGE_START = 7000;
    /** Last code of Osprey's reserved range. */
    public static final int OSPREY_RANGE_END = 7999;

    // Osprey's own: broker-managed dispatch for the JMS provider (see io.osprey.mq.protocol.dispatch)
    /** Opens a JMS connection on the broker: credentials, client ID. */
    public static final int JMS_CONNECT = 7001;
    /** Claims a client ID for a connection opened without one. */
    public static final int JMS_CLAIM_CLIENT_ID = 7002;
    /** Closes a JMS connection: its consumers close, its unacknowledged messages return. */
    public static final int JMS_DISCONNECT = 7003;
    /** Keeps a connection's session alive and checks that the broker still knows it. */
    public static final int JMS_PING = 7004;
    /** Opens a consumer on a subscription (a queue's, a durable or shared one, or a private one). */
    public static final int JMS_OPEN_CONSUMER = 7010;
    /** Closes a consumer, returning the messages it fetched but did not hand to the application. */
    public static final int JMS_CLOSE_CONSUMER = 7011;
    /** Asks for up to n messages of a consumer's subscription, held until one arrives or the wait ends. */
    public static final int JMS_FETCH = 7012;
    /** Acknowledges delivered messages. */
    public static final int JMS_ACK = 7013;
    /** Returns delivered messages to their subscriptions (recover, rollback, close). */
    public static final int JMS_RETURN = 7014;
    /** Deletes a durable subscription. */
    public static final int JMS_UNSUBSCRIBE = 7015;
    /**
     * Reads one page of a queue's messages available now, in delivery order, without consuming them; the answer
     * carries the cursor of the next page ({@code BrowseHeader}, {@code BrowseCursor}).
     */
    public static final int JMS_BROWSE = 7016;
    /** Creates a temporary queue or topic owned by the connection; the answer names it. */
    public static final int JMS_CREATE_TEMPORARY = 7017;
    /** Deletes a temporary destination of the connection, refused while it has a consumer. */
    public static final int JMS_DELETE_TEMPORARY = 7018;
    /**
     * Commits a local transaction in one step: the body ({@code TransactionWork}) holds its sends and the delivery
     * tags it consumed; the broker stores the sends and acknowledges the tags atomically, or does neither.
     */
    public static final int JMS_TX_COMMIT = 7020;
    /**
     * Hands the broker sends of a transaction in progress ahead of its commit (a large transaction in parts); the
     * broker holds them, unstored, until the commit or rollback, or until the connection ends.
     */
    public static final int JMS_TX_STAGE = 7021;
    /** Drops the sends a transaction staged on the broker. */
    public static final int JMS_TX_ROLLBACK = 7022;
    /**
     * Associates a connection with an XA branch ({@code XaStartHeader}): a new one, or one it joins or resumes. The
     * broker answers the XA outcome codes ({@code ResponseCode.XA_*}) for a branch it does not know or cannot take.
     */
    public static final int XA_START = 7023;
    /**
     * Ends a connection's association with an XA branch ({@code XaEndHeader}); the body ({@code TransactionWork})
     * carries what the association did, which the branch holds, unstored, until it completes.
     */
    public static final int XA_END = 7024;
    /** Prepares an XA branch: answers once its prepared state is durable, or that it did nothing (read-only). */
    public static final int XA_PREPARE = 7025;
    /** Commits an XA branch, prepared (two-phase) or not ({@code onePhase}). */
    public static final int XA_COMMIT = 7026;
    /** Rolls an XA branch back, prepared or not. */
    public static final int XA_ROLLBACK = 7027;
    /** Forgets a heuristically completed XA branch (the broker never completes one heuristically). */
    public static final int XA_FORGET = 7028;
    /** Lists the prepared XA branches the broker holds ({@code XaBranchIds} in the answer's body). */
    public static final int XA_RECOVER = 7029;

    private static final Map<Integer, String> NAMES = names(RequestCode.class);

    private RequestCode() {
    }

    /** The constant's name, or the number itself for a code this class does not know. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, Integer.toString(code));
    }

    static Map<Integer, String> names(Class<?> constants) {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : constants.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class
                    && !field.getName().startsWith("OSPREY_RANGE")) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
