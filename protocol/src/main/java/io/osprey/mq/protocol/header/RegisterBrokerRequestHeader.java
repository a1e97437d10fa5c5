package io.osprey.mq.protocol.header;

import java.util.Map;

/** REGISTER_BROKER (103) and, without haServerAddr/compressed/bodyCrc32, UNREGISTER_BROKER (104). */
public record RegisterBrokerRequestHeader(String brokerName, String brokerAddr, String clusterName,
                                          String haServerAddr, long brokerId, boolean compressed, int bodyCrc32) {

    public static RegisterBrokerRequestHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new RegisterBrokerRequestHeader(f.requireString("brokerName"), f.requireString("brokerAddr"),
                f.requireString("clusterName"), f.string("haServerAddr"), f.requireLong("brokerId"),
                f.bool("compressed", false), f.intValue("bodyCrc32", 0));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("brokerName", brokerName).put("brokerAddr", brokerAddr)
                .put("clusterName", clusterName).put("haServerAddr", haServerAddr).put("brokerId", brokerId)
                .put("compressed", compressed).put("bodyCrc32", bodyCrc32).build();
    }
}
