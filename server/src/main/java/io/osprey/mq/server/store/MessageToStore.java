package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageProperties;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A message the broker asks the store to append. The store assigns queueOffset, physicalOffset, storeTimestamp
 * and storeHost, and sets the host-width sysFlag bits itself.
 *
 * @param topic                     topic, at most 127 UTF-8 bytes
 * @param queueId                   target queue, &ge; 0
 * @param flag                      user flag, stored verbatim
 * @param body                      body as it will be stored; not copied, do not mutate after the call
 * @param properties                encoded properties string (§5.2), never null
 * @param tagsCode                  indexed in the ConsumeQueue: {@code TAGS.hashCode()}, or 0 without tags
 * @param sysFlag                   §5.4 bits
 * @param bornTimestamp             producer clock, epoch millis
 * @param bornHost                  producer address (resolved)
 * @param reconsumeTimes            failed deliveries so far
 * @param preparedTransactionOffset physical offset of the half message, or 0
 */
public record MessageToStore(
        String topic,
        int queueId,
        int flag,
        byte[] body,
        String properties,
        long tagsCode,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        int reconsumeTimes,
        long preparedTransactionOffset) {

    public MessageToStore {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(bornHost, "bornHost");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("empty topic");
        }
        if (queueId < 0) {
            throw new IllegalArgumentException("queueId < 0: " + queueId);
        }
        if (bornHost.getAddress() == null) {
            throw new IllegalArgumentException("bornHost must be resolved: " + bornHost);
        }
    }

    /** The properties decoded into an ordered map. */
    public Map<String, String> propertiesMap() {
        return MessageProperties.decode(properties);
    }

    /** The tags code the broker indexes for {@code tags}: its Java hash, or 0 when absent. */
    public static long tagsCodeOf(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageToStore m && queueId == m.queueId && flag == m.flag && tagsCode == m.tagsCode
                && sysFlag == m.sysFlag && bornTimestamp == m.bornTimestamp && reconsumeTimes == m.reconsumeTimes
                && preparedTransactionOffset == m.preparedTransactionOffset && topic.equals(m.topic)
                && Arrays.equals(body, m.body) && properties.equals(m.properties) && bornHost.equals(m.bornHost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, queueId, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "MessageToStore[topic=" + topic + ", queueId=" + queueId + ", bodyLength=" + body.length + "]";
    }
}
