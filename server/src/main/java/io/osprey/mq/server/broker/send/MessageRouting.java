package io.osprey.mq.server.broker.send;

import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.server.broker.topic.SystemTopics;
import java.time.Clock;
import java.util.Map;

/**
 * Where an incoming message is really stored. A message with a delay level waits in
 * {@code SCHEDULE_TOPIC_XXXX} (queue = level − 1) with its real topic and queue in {@code REAL_TOPIC}/
 * {@code REAL_QID} and its due time as tag code, until the delay scheduler moves it back.
 */
public final class MessageRouting {
    /** The place to store a message, and its tag code there. */
    public record Destination(String topic, int queueId, long tagsCode) {
    }

    private final DelayLevels delayLevels;
    private final Clock clock;

    public MessageRouting(DelayLevels delayLevels, Clock clock) {
        this.delayLevels = delayLevels;
        this.clock = clock;
    }

    /**
     * Resolves the destination and edits {@code properties} accordingly (delay bookkeeping).
     *
     * @param properties the message's properties, modified in place
     */
    public Destination route(String topic, int queueId, Map<String, String> properties) {
        int level = delayLevel(properties);
        if (level > 0 && !SystemTopics.isDlq(topic)) {
            int clamped = delayLevels.clamp(level);
            properties.put(MessageConst.DELAY_TIME_LEVEL, Integer.toString(clamped));
            properties.put(MessageConst.REAL_TOPIC, topic);
            properties.put(MessageConst.REAL_QUEUE_ID, Integer.toString(queueId));
            return new Destination(SystemTopics.SCHEDULE, clamped - 1,
                    clock.millis() + delayLevels.delayMillis(clamped));
        }
        return new Destination(topic, queueId, tagsCode(properties.get(MessageConst.TAGS)));
    }

    public static long tagsCode(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }

    private static int delayLevel(Map<String, String> properties) {
        String level = properties.get(MessageConst.DELAY_TIME_LEVEL);
        if (level == null) {
            return 0;
        }
        try {
            return Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
