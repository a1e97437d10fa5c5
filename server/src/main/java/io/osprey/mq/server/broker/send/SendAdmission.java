package io.osprey.mq.server.broker.send;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageSysFlag;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.broker.topic.Perm;
import io.osprey.mq.server.broker.topic.SystemTopics;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.SubscriptionGroupTable;
import io.osprey.mq.server.metadata.TopicConfig;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The checks every send passes before it reaches the store, in the order the stock broker makes them: topic
 * name, body size, topic existence (auto-creating it), write permission, queue id; and the one rerouting a send
 * does itself: a {@code %RETRY%} message that used up its reconsume times goes to the group's {@code %DLQ%}.
 */
public final class SendAdmission {
    /** Where an admitted send goes. */
    public record Admitted(TopicConfig topic, int queueId) {
    }

    private final TopicRegistry topics;
    private final SubscriptionGroupTable subscriptionGroups;
    private final int maxMessageBytes;

    public SendAdmission(TopicRegistry topics, SubscriptionGroupTable subscriptionGroups, int maxMessageBytes) {
        this.topics = topics;
        this.subscriptionGroups = subscriptionGroups;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * @param bodyBytes  size of the message body (of the largest item, for a batch)
     * @param properties the message's properties; a DLQ reroute removes its delay
     */
    public Admitted admit(SendMessageRequestHeader header, int bodyBytes, Map<String, String> properties) {
        TopicRegistry.validateName(header.topic());
        if (bodyBytes > maxMessageBytes) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL,
                    "the message body size " + bodyBytes + " is over the max value " + maxMessageBytes);
        }
        if ((header.sysFlag() & MessageSysFlag.TRANSACTION_PREPARED_TYPE) != 0) {
            throw new RequestException(ResponseCode.NO_PERMISSION,
                    "transactional (half) messages are not supported by this broker yet");
        }
        if (SystemTopics.SCHEDULE.equals(header.topic())) {
            throw new RequestException(ResponseCode.NO_PERMISSION,
                    "the topic[" + header.topic() + "] is a system topic and cannot be sent to");
        }
        if (SystemTopics.isRetry(header.topic()) && exhausted(header, properties)) {
            String group = SystemTopics.groupOf(header.topic());
            properties.remove(MessageConst.DELAY_TIME_LEVEL);
            return new Admitted(topics.dlqTopic(group), 0);
        }
        TopicConfig topic = topics.topicForSend(header.topic(), header.defaultTopic(), header.defaultTopicQueueNums());
        if (!Perm.writable(topic.perm())) {
            throw new RequestException(ResponseCode.NO_PERMISSION,
                    "the topic[" + topic.topicName() + "] sending message is forbidden");
        }
        int queueId = header.queueId() < 0
                ? ThreadLocalRandom.current().nextInt(topic.writeQueueNums()) : header.queueId();
        if (queueId >= topic.writeQueueNums()) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "request queueId[" + queueId + "] is illegal, "
                    + topic + " producer: " + header.producerGroup());
        }
        return new Admitted(topic, queueId);
    }

    /**
     * The properties string to store: MESSAGE_ILLEGAL, as the stock broker answers, when what the broker adds pushes
     * it over 32767 bytes or a value holds a separator character.
     */
    public static String encodeProperties(Map<String, String> properties) {
        try {
            return MessageProperties.encode(properties);
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "bad message properties: " + e.getMessage());
        }
    }

    private boolean exhausted(SendMessageRequestHeader header, Map<String, String> properties) {
        int max = header.maxReconsumeTimes() != null ? header.maxReconsumeTimes()
                : subscriptionGroups.getOrCreate(SystemTopics.groupOf(header.topic())).retryMaxTimes();
        String fromProperty = properties.get(MessageConst.RECONSUME_TIME);
        int reconsumeTimes = header.reconsumeTimes();
        if (fromProperty != null) {
            try {
                reconsumeTimes = Math.max(reconsumeTimes, Integer.parseInt(fromProperty));
            } catch (NumberFormatException ignoredBadProperty) {
                // a malformed property cannot lower the header's count
            }
        }
        return reconsumeTimes >= max;
    }
}
