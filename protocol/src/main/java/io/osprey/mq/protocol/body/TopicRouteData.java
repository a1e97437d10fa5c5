package io.osprey.mq.protocol.body;

import java.util.List;
import java.util.Map;

/**
 * GET_ROUTEINFO_BY_TOPIC's body. {@code queueDatas} and {@code brokerDatas} are required (the client
 * dereferences them); {@code filterServerTable} is sent empty; {@code orderTopicConf} only for globally ordered
 * topics.
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {
    public TopicRouteData {
        queueDatas = queueDatas == null ? List.of() : List.copyOf(queueDatas);
        brokerDatas = brokerDatas == null ? List.of() : List.copyOf(brokerDatas);
        filterServerTable = filterServerTable == null ? Map.of() : filterServerTable;
    }
}
