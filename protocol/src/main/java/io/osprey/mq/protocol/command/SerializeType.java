package io.osprey.mq.protocol.command;

/** How a frame's header is serialized: the high byte of the header-length word. */
public enum SerializeType {
    JSON(0),
    ROCKETMQ(1);

    private final int code;

    SerializeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a byte that is neither 0 nor 1 */
    public static SerializeType of(int code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> throw new IllegalArgumentException("unknown serialize type " + code);
        };
    }
}
