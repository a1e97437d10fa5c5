package io.osprey.mq.protocol.body;

import java.util.List;
import java.util.Map;

/** REGISTER_BROKER's (uncompressed) body: the broker's topic table and its data version. */
public record RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper,
                                 List<String> filterServerList) {
    public RegisterBrokerBody {
        filterServerList = filterServerList == null ? List.of() : filterServerList;
    }

    /** The topic table with its version. */
    public record TopicConfigSerializeWrapper(DataVersion dataVersion, Map<String, TopicConfigWire> topicConfigTable) {
        public TopicConfigSerializeWrapper {
            topicConfigTable = topicConfigTable == null ? Map.of() : topicConfigTable;
        }
    }
}
