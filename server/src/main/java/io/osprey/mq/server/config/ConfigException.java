package io.osprey.mq.server.config;

/**
 * A configuration the process must not start with: an unknown key, a value that does not parse, or one that
 * breaks a constraint. The message is {@code <key>: <reason>}, the reason quoting the bad value and saying
 * where it came from, so an operator can fix it from the one line the launcher prints.
 */
public final class ConfigException extends RuntimeException {
    private final String key;
    private final String reason;

    public ConfigException(String key, String reason) {
        this(key, reason, null);
    }

    public ConfigException(String key, String reason, Throwable cause) {
        super(key + ": " + reason, cause);
        this.key = key;
        this.reason = reason;
    }

    /** The configuration key (or, for a problem with a source itself, what names that source). */
    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
