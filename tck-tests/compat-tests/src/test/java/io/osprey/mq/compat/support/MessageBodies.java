package io.osprey.mq.compat.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Deterministic message bodies derived from a key, so a receiver can check a body without keeping a copy. */
public final class MessageBodies {
    private MessageBodies() {
    }

    /** {@code size} bytes: the key, a separator, then a pattern seeded by the key's hash. */
    public static byte[] forKey(String key, int size) {
        byte[] prefix = (key + "|").getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(prefix, Math.max(size, prefix.length));
        int seed = key.hashCode();
        for (int i = prefix.length; i < body.length; i++) {
            seed = seed * 1103515245 + 12345;
            body[i] = (byte) ('!' + ((seed >>> 16) & 0x3F));
        }
        return body;
    }

    /** The key a {@link #forKey} body was made from. */
    public static String keyOf(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return bar < 0 ? null : text.substring(0, bar);
    }

    /** Whether {@code body} is exactly what {@link #forKey} makes for its own key at its own length. */
    public static boolean isIntact(byte[] body) {
        String key = keyOf(body);
        return key != null && Arrays.equals(body, forKey(key, body.length));
    }

    public static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
