package io.osprey.mq.protocol.header;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed access to a command's {@code extFields}, for header records to parse themselves. Unknown keys are
 * ignored (clients add {@code bname}, {@code ns}, ACL keys…); a required key that is missing, or any value of
 * the wrong form, raises a {@link HeaderException} naming the key.
 */
public final class ExtFields {
    private final Map<String, String> fields;

    private ExtFields(Map<String, String> fields) {
        this.fields = fields;
    }

    public static ExtFields of(Map<String, String> fields) {
        return new ExtFields(fields == null ? Map.of() : fields);
    }

    /** A builder for outgoing headers: null values are skipped, as the stock client omits null fields. */
    public static Builder builder() {
        return new Builder();
    }

    public boolean has(String key) {
        return fields.get(key) != null;
    }

    public String string(String key) {
        return fields.get(key);
    }

    public String string(String key, String defaultValue) {
        String value = fields.get(key);
        return value == null ? defaultValue : value;
    }

    public String requireString(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new HeaderException(key, "missing header field " + key);
        }
        return value;
    }

    public int requireInt(String key) {
        return parseInt(key, requireString(key));
    }

    public int intValue(String key, int defaultValue) {
        String value = fields.get(key);
        return value == null ? defaultValue : parseInt(key, value);
    }

    public long requireLong(String key) {
        return parseLong(key, requireString(key));
    }

    public long longValue(String key, long defaultValue) {
        String value = fields.get(key);
        return value == null ? defaultValue : parseLong(key, value);
    }

    public boolean bool(String key, boolean defaultValue) {
        String value = fields.get(key);
        if (value == null) {
            return defaultValue;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new HeaderException(key, "header field " + key + " is not a boolean: " + value);
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new HeaderException(key, "header field " + key + " is not an int: " + value);
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new HeaderException(key, "header field " + key + " is not a long: " + value);
        }
    }

    /** Collects header fields in insertion order. */
    public static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();

        public Builder put(String key, Object value) {
            if (value != null) {
                fields.put(key, String.valueOf(value));
            }
            return this;
        }

        public Map<String, String> build() {
            return fields;
        }
    }
}
