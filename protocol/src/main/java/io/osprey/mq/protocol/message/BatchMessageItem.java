package io.osprey.mq.protocol.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a SEND_BATCH_MESSAGE (320) body. Topic, queue, sysFlag and bornTimestamp come from the request
 * header; the broker stores each item as its own message.
 *
 * @param flag       user flag
 * @param body       body bytes; not copied, do not mutate
 * @param properties the item's own properties (UNIQ_KEY, TAGS, KEYS, WAIT…), ordered
 */
public record BatchMessageItem(int flag, byte[] body, Map<String, String> properties) {
    public BatchMessageItem {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchMessageItem i && flag == i.flag && Arrays.equals(body, i.body)
                && properties.equals(i.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flag, Arrays.hashCode(body), properties);
    }

    @Override
    public String toString() {
        return "BatchMessageItem[flag=" + flag + ", bodyLength=" + body.length + ", properties=" + properties + "]";
    }
}
