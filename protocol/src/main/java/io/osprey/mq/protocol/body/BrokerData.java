package io.osprey.mq.protocol.body;

import java.util.Map;
import java.util.TreeMap;

/**
 * The brokers of one broker name: id → dialled {@code host:port}; id 0 is the master.
 *
 * @param cluster     cluster name
 * @param brokerName  name shared by master and slaves
 * @param brokerAddrs broker id → address
 */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
    public BrokerData {
        brokerAddrs = brokerAddrs == null ? Map.of() : new TreeMap<>(brokerAddrs);
    }

    public String masterAddr() {
        return brokerAddrs.get(0L);
    }
}
