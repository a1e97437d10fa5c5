package io.osprey.mq.protocol.body;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;

/**
 * GET_TOPIC_STATS_INFO's body: every queue of the topic on one broker. The admin tool treats an empty table as
 * an error, so a broker that has the topic always lists all its queues.
 */
public record TopicStatsTable(
        @JsonSerialize(keyUsing = MessageQueueKey.Writer.class)
        @JsonDeserialize(keyUsing = MessageQueueKey.Reader.class)
        Map<MessageQueue, TopicOffset> offsetTable) {
    public TopicStatsTable {
        offsetTable = offsetTable == null ? Map.of() : offsetTable;
    }
}
