package io.osprey.mq.protocol.body;

import java.util.List;
import java.util.Set;

/** HEART_BEAT's body: one client instance, its producer groups and its consumer groups with subscriptions. */
public record HeartbeatData(String clientID, Set<ProducerData> producerDataSet, Set<ConsumerData> consumerDataSet,
                            Boolean withoutSub, Integer heartbeatFingerprint) {
    public HeartbeatData {
        producerDataSet = producerDataSet == null ? Set.of() : Set.copyOf(producerDataSet);
        consumerDataSet = consumerDataSet == null ? Set.of() : Set.copyOf(consumerDataSet);
    }

    /** A producer group the client belongs to. */
    public record ProducerData(String groupName) {
    }

    /**
     * A consumer group the client belongs to.
     *
     * @param consumeType   CONSUME_PASSIVELY (push), CONSUME_ACTIVELY (lite pull), CONSUME_POP
     * @param messageModel  CLUSTERING or BROADCASTING
     */
    public record ConsumerData(String groupName, String consumeType, String messageModel, String consumeFromWhere,
                               Set<SubscriptionData> subscriptionDataSet, boolean unitMode) {
        public ConsumerData {
            subscriptionDataSet = subscriptionDataSet == null ? Set.of() : Set.copyOf(subscriptionDataSet);
        }

        public boolean broadcasting() {
            return "BROADCASTING".equals(messageModel);
        }
    }

    /** GET_CONSUMER_LIST_BY_GROUP's body. */
    public record ConsumerIdList(List<String> consumerIdList) {
    }
}
