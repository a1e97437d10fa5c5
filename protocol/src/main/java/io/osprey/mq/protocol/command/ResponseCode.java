package io.osprey.mq.protocol.command;

import java.util.Map;

/**
 * Response codes. Apache RocketMQ's keep their meaning (the stock client reacts to them: see the
 * reference's table); Osprey's own take codes from {@code [OSPREY_RANGE_START, OSPREY_RANGE_END]}.
 */
public final class ResponseCode {
    public static final int SUCCESS = 0;
    public static final int SYSTEM_ERROR = 1;
    public static final int SYSTEM_BUSY = 2;
    public static final int REQUEST_CODE_NOT_SUPPORTED = 3;
    public static final int TRANSACTION_FAILED = 4;
    public static final int FLUSH_DISK_TIMEOUT = 10;
    public static final int SLAVE_NOT_AVAILABLE = 11;
    public static final int FLUSH_SLAVE_TIMEOUT = 12;
    public static final int MESSAGE_ILLEGAL = 13;
    public static final int SERVICE_NOT_AVAILABLE = 14;
    public static final int VERSION_NOT_SUPPORTED = 15;
    public static final int NO_PERMISSION = 16;
    public static final int TOPIC_NOT_EXIST = 17;
    public static final int TOPIC_EXIST_ALREADY = 18;
    public static final int PULL_NOT_FOUND = 19;
    public static final int PULL_RETRY_IMMEDIATELY = 20;
    public static final int PULL_OFFSET_MOVED = 21;
    public static final int QUERY_NOT_FOUND = 22;
    public static final int SUBSCRIPTION_PARSE_FAILED = 23;
    public static final int SUBSCRIPTION_NOT_EXIST = 24;
    public static final int SUBSCRIPTION_NOT_LATEST = 25;
    public static final int SUBSCRIPTION_GROUP_NOT_EXIST = 26;
    public static final int FILTER_DATA_NOT_EXIST = 27;
    public static final int FILTER_DATA_NOT_LATEST = 28;
    public static final int TRANSACTION_SHOULD_COMMIT = 200;
    public static final int TRANSACTION_SHOULD_ROLLBACK = 201;
    public static final int TRANSACTION_STATE_UNKNOW = 202;
    public static final int TRANSACTION_STATE_GROUP_WRONG = 203;
    public static final int NO_BUYER_ID = 204;
    public static final int NOT_IN_CURRENT_UNIT = 205;
    public static final int CONSUMER_NOT_ONLINE = 206;
    public static final int CONSUME_MSG_TIMEOUT = 207;
    public static final int NO_MESSAGE = 208;
    public static final int FLOW_CONTROL = 215;

    /** First code of Osprey's reserved range. */
    public static final int OSPREY_RANGE_START = 7000;
    /** Last code of Osprey's reserved range. */
    public static final int OSPREY_RANGE_END = 7999;

    // Osprey's own: failures of broker-managed dispatch, each one JMS exception on the client
    /** Wrong user or password (JMSSecurityException). */
    public static final int AUTHENTICATION_FAILED = 7001;
    /** Another connection holds the client ID (InvalidClientIDException). */
    public static final int CLIENT_ID_IN_USE = 7002;
    /** The message selector does not parse (InvalidSelectorException). */
    public static final int INVALID_SELECTOR = 7003;
    /** The destination name is not valid (InvalidDestinationException). */
    public static final int INVALID_DESTINATION = 7004;
    /** The call is not allowed in the subscription's or connection's state (IllegalStateException). */
    public static final int ILLEGAL_STATE = 7005;
    /** The connection or consumer is not known to this broker (closed, or the broker restarted). */
    public static final int UNKNOWN_SESSION = 7006;
    /** The transaction was not committed and nothing of it took effect (TransactionRolledBackException). */
    public static final int TRANSACTION_ROLLED_BACK = 7007;
    /** The client ID breaks the rules of {@code ClientIds} (InvalidClientIDException). */
    public static final int INVALID_CLIENT_ID = 7008;

    // Osprey's own: XA outcomes, each one XAException error code on the client
    /** The broker knows no such XA branch (XAER_NOTA). */
    public static final int XA_UNKNOWN_BRANCH = 7010;
    /** The XA call is not allowed in the branch's state, or from this connection (XAER_PROTO). */
    public static final int XA_PROTOCOL_ERROR = 7011;
    /** A new XA branch names one the broker already holds (XAER_DUPID). */
    public static final int XA_DUPLICATE_BRANCH = 7012;
    /** The XA call's arguments are not valid (XAER_INVAL). */
    public static final int XA_INVALID_ARGUMENTS = 7013;
    /** The XA branch was rolled back and is forgotten (XA_RBROLLBACK). */
    public static final int XA_ROLLED_BACK = 7014;
    /** The XA branch outlived its timeout and was rolled back (XA_RBTIMEOUT). */
    public static final int XA_TIMED_OUT = 7015;
    /** The broker could not do the XA call; the branch is as it was (XAER_RMERR). */
    public static final int XA_RESOURCE_ERROR = 7016;

    private static final Map<Integer, String> NAMES = RequestCode.names(ResponseCode.class);

    private ResponseCode() {
    }

    /** The constant's name, or the number itself for a code this class does not know. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, Integer.toString(code));
    }
}
