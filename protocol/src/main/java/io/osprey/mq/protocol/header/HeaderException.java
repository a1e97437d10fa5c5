package io.osprey.mq.protocol.header;

/** A custom header ({@code extFields}) lacks a required field or holds a value of the wrong form. */
public final class HeaderException extends IllegalArgumentException {
    private final String field;

    public HeaderException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending {@code extFields} key. */
    public String field() {
        return field;
    }
}
