package io.osprey.mq.protocol.body;

import java.util.Map;

/**
 * GET_ALL_TOPIC_CONFIG's body: every topic of the broker by name, with the table's data version (the stock
 * broker's {@code TopicConfigSerializeWrapper}; 5.x adds static-topic mappings, which are optional).
 */
public record TopicConfigTable(Map<String, TopicConfigWire> topicConfigTable, DataVersion dataVersion) {
    public TopicConfigTable {
        topicConfigTable = topicConfigTable == null ? Map.of() : topicConfigTable;
    }
}
