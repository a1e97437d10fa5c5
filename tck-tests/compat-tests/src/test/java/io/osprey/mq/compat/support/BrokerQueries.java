package io.osprey.mq.compat.support;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import java.util.Map;

/** Direct broker queries over the wire, to tell "not stored" from "not delivered" when a test fails. */
public final class BrokerQueries {
    private BrokerQueries() {
    }

    /** Sum of GET_MAX_OFFSET over queues 0..queues-1 of {@code topic}: how many messages the broker holds. */
    public static long storedCount(String brokerAddr, String topic, int queues) throws Exception {
        long sum = 0;
        try (RawConnection connection = RawConnection.open(brokerAddr)) {
            for (int q = 0; q < queues; q++) {
                RemotingCommand reply = connection.call(RequestCode.GET_MAX_OFFSET,
                        Map.of("topic", topic, "queueId", Integer.toString(q)), null);
                if (reply.code() != ResponseCode.SUCCESS) {
                    throw new IllegalStateException("GET_MAX_OFFSET " + topic + "/" + q + ": " + reply);
                }
                sum += Long.parseLong(reply.extFields().get("offset"));
            }
        }
        return sum;
    }
}
