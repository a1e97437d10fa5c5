package io.osprey.mq.protocol.body;

import java.util.Map;
import java.util.Set;

/** GET_BROKER_CLUSTER_INFO's body: every broker name, and the broker names of every cluster. */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
}
