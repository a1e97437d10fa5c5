package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.broker.topic.SystemTopics;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.InvalidTopicNameException;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.metadata.TopicTable;

/**
 * The topic behind a JMS destination: created on first use, as a send through the auto-create template would
 * create it (so {@code autoCreateTopicEnable=false} makes JMS destinations administered objects). Broker-internal
 * topics are not JMS destinations.
 */
public final class JmsTopics implements Dispatcher.TopicQueues {
    private final TopicRegistry topics;
    private final int defaultQueueNums;

    public JmsTopics(TopicRegistry topics, int defaultQueueNums) {
        this.topics = topics;
        this.defaultQueueNums = defaultQueueNums;
    }

    @Override
    public int existingQueueCount(String topic) {
        return topics.find(topic).map(TopicConfig::readQueueNums).orElse(0);
    }

    @Override
    public int queueCount(String topic) {
        try {
            TopicConfig.validateName(topic);
        } catch (InvalidTopicNameException e) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, e.getMessage());
        }
        if (SystemTopics.isBrokerInternal(topic) || SystemTopics.isRetry(topic) || SystemTopics.isDlq(topic)) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, topic + " is a broker topic");
        }
        TopicConfig config;
        try {
            config = topics.topicForSend(topic, TopicTable.AUTO_CREATE_TEMPLATE, defaultQueueNums);
        } catch (RequestException e) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, e.getMessage());
        }
        if (!config.readable()) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, "topic " + topic + " is not readable");
        }
        return config.readQueueNums();
    }
}
