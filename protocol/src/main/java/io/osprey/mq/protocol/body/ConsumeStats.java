package io.osprey.mq.protocol.body;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;

/**
 * GET_CONSUME_STATS's body: a group's progress on every queue it consumes on one broker. An empty table is a
 * valid answer; the admin tool turns it into "consumer not online".
 *
 * @param consumeTps messages per second the group pulled recently
 */
public record ConsumeStats(
        @JsonSerialize(keyUsing = MessageQueueKey.Writer.class)
        @JsonDeserialize(keyUsing = MessageQueueKey.Reader.class)
        Map<MessageQueue, OffsetWrapper> offsetTable,
        double consumeTps) {
    public ConsumeStats {
        offsetTable = offsetTable == null ? Map.of() : offsetTable;
    }
}
