package io.osprey.mq.protocol.message;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message properties string of reference §5.2: {@code k\u0001v\u0002k\u0001v}, no trailing separator.
 *
 * <p>Decoding splits on {@code \u0002}, then at the first {@code \u0001}, and drops entries with an empty key
 * or value (as the stock client does). Insertion order is kept ({@link LinkedHashMap}) and unknown keys are
 * preserved, so decode followed by encode gives back the same string for anything a stock client sends.
 */
public final class MessageProperties {
    /** The properties string is stored with a 2-byte signed length. */
    public static final int MAX_ENCODED_BYTES = Short.MAX_VALUE;

    private MessageProperties() {
    }

    /**
     * Encodes {@code properties} in iteration order; entries with a null value are skipped.
     *
     * @throws IllegalArgumentException if a key or value contains a separator, a key is empty, or the UTF-8
     *                                  encoding exceeds {@link #MAX_ENCODED_BYTES}
     */
    public static String encode(Map<String, String> properties) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (value == null) {
                continue;
            }
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("empty property key");
            }
            checkNoSeparator(key);
            checkNoSeparator(value);
            if (sb.length() > 0) {
                sb.append(MessageConst.PROPERTY_SEPARATOR);
            }
            sb.append(key).append(MessageConst.NAME_VALUE_SEPARATOR).append(value);
        }
        String encoded = sb.toString();
        int bytes = encoded.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException("properties are " + bytes + " bytes, more than " + MAX_ENCODED_BYTES);
        }
        return encoded;
    }

    /** Decodes a properties string (null or empty gives an empty map) into a mutable, ordered map. */
    public static LinkedHashMap<String, String> decode(String encoded) {
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return map;
        }
        int start = 0;
        int length = encoded.length();
        while (start <= length) {
            int end = encoded.indexOf(MessageConst.PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int sep = encoded.indexOf(MessageConst.NAME_VALUE_SEPARATOR, start);
            if (sep >= 0 && sep < end) {
                String key = encoded.substring(start, sep);
                String value = encoded.substring(sep + 1, end);
                if (!key.isEmpty() && !value.isEmpty()) {
                    map.put(key, value);
                }
            }
            start = end + 1;
        }
        return map;
    }

    /** The value of {@code key} in an encoded properties string, or null, without building a map. */
    public static String get(String encoded, String key) {
        return decode(encoded).get(key);
    }

    private static void checkNoSeparator(String s) {
        if (s.indexOf(MessageConst.NAME_VALUE_SEPARATOR) >= 0 || s.indexOf(MessageConst.PROPERTY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("property contains a \\u0001 or \\u0002 separator: " + s);
        }
    }
}
