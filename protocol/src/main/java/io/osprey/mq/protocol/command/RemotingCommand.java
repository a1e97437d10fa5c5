package io.osprey.mq.protocol.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request or response of the remoting protocol: a header and an opaque body.
 *
 * <p>Immutable. The body array is not copied: whoever builds a command hands the array over and must
 * not change it afterwards. Requests and responses are told apart by {@link #FLAG_RESPONSE}; a response
 * copies its request's {@code opaque} so that pipelined replies can arrive in any order.
 */
public final class RemotingCommand {
    /** Bit of {@link #flag()} set on responses. */
    public static final int FLAG_RESPONSE = 0x1;
    /** Bit of {@link #flag()} set on requests that must not be answered. */
    public static final int FLAG_ONEWAY = 0x2;

    private static final byte[] NO_BODY = new byte[0];

    private final int code;
    private final LanguageCode language;
    private final int version;
    private final int opaque;
    private final int flag;
    private final String remark;
    private final Map<String, String> extFields;
    private final byte[] body;
    private final SerializeType serializeType;

    /** {@code extFields} is copied: the caller may reuse or change its map afterwards. */
    public RemotingCommand(int code, LanguageCode language, int version, int opaque, int flag, String remark,
                           Map<String, String> extFields, byte[] body, SerializeType serializeType) {
        this(code, language, version, opaque, flag, remark, extFields == null || extFields.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extFields)), body, serializeType,
                true);
    }

    /** {@code frozenExtFields} is already an unmodifiable map no one else changes; the flag only tells it apart. */
    private RemotingCommand(int code, LanguageCode language, int version, int opaque, int flag, String remark,
                            Map<String, String> frozenExtFields, byte[] body, SerializeType serializeType,
                            boolean frozen) {
        this.code = code;
        this.language = Objects.requireNonNull(language, "language");
        this.version = version;
        this.opaque = opaque;
        this.flag = flag;
        this.remark = remark;
        this.extFields = frozenExtFields;
        this.body = body == null ? NO_BODY : body;
        this.serializeType = Objects.requireNonNull(serializeType, "serializeType");
    }

    /**
     * A command read off the wire. Takes ownership of {@code extFields} (may be null): it is wrapped, not
     * copied, so the decoder must have built it for this command alone and must not change it afterwards.
     * This saves a map copy per frame on the I/O thread.
     */
    public static RemotingCommand decoded(int code, LanguageCode language, int version, int opaque, int flag,
                                          String remark, Map<String, String> extFields, byte[] body,
                                          SerializeType serializeType) {
        return new RemotingCommand(code, language, version, opaque, flag, remark,
                extFields == null || extFields.isEmpty() ? Map.of() : Collections.unmodifiableMap(extFields), body,
                serializeType, true);
    }

    /** A request from this process; the transport assigns the opaque when it sends it. */
    public static RemotingCommand request(int code, Map<String, String> extFields, byte[] body) {
        return new RemotingCommand(code, LanguageCode.JAVA, RemotingVersion.CURRENT, 0, 0, null, extFields, body,
                SerializeType.JSON);
    }

    /** A response to {@code request}: same opaque, same serialize type, flagged as response. */
    public static RemotingCommand response(RemotingCommand request, int code, String remark,
                                           Map<String, String> extFields, byte[] body) {
        return new RemotingCommand(code, LanguageCode.JAVA, RemotingVersion.CURRENT, request.opaque(),
                FLAG_RESPONSE, remark, extFields, body, request.serializeType());
    }

    /** A body-less, header-less response. */
    public static RemotingCommand response(RemotingCommand request, int code, String remark) {
        return response(request, code, remark, null, null);
    }

    public static RemotingCommand success(RemotingCommand request, Map<String, String> extFields, byte[] body) {
        return response(request, ResponseCode.SUCCESS, null, extFields, body);
    }

    public RemotingCommand withOpaque(int newOpaque) {
        return new RemotingCommand(code, language, version, newOpaque, flag, remark, extFields, body, serializeType,
                true);
    }

    public RemotingCommand asOneway() {
        return new RemotingCommand(code, language, version, opaque, flag | FLAG_ONEWAY, remark, extFields, body,
                serializeType, true);
    }

    /** The same command carrying {@code newBody} (not copied: handed over, as to the constructor). */
    public RemotingCommand withBody(byte[] newBody) {
        return new RemotingCommand(code, language, version, opaque, flag, remark, extFields, newBody, serializeType,
                true);
    }

    /**
     * The same command without its body: what a handler keeps to answer a request later, so that a large body
     * is not held until the answer (a send's body, once the store has its own copy).
     */
    public RemotingCommand withoutBody() {
        return body.length == 0 ? this : withBody(null);
    }

    public RemotingCommand withSerializeType(SerializeType type) {
        return new RemotingCommand(code, language, version, opaque, flag, remark, extFields, body, type, true);
    }

    public int code() {
        return code;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    public int opaque() {
        return opaque;
    }

    public int flag() {
        return flag;
    }

    public String remark() {
        return remark;
    }

    /** Never null; unmodifiable. */
    public Map<String, String> extFields() {
        return extFields;
    }

    /** Never null; empty when the frame had no body. Not copied: do not modify. */
    public byte[] body() {
        return body;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    @Override
    public String toString() {
        return (isResponse() ? "Response[" + ResponseCode.name(code) : "Request[" + RequestCode.name(code))
                + ", opaque=" + opaque + ", flag=" + flag + ", language=" + language + ", version=" + version
                + (remark == null ? "" : ", remark=" + remark) + ", extFields=" + extFields
                + ", body=" + body.length + "B, " + serializeType + ']';
    }
}
