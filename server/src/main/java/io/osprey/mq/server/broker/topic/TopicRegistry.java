package io.osprey.mq.server.broker.topic;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.TemporaryNames;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.metadata.InvalidTopicNameException;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.metadata.TopicTable;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's topics and the rules for making new ones: auto-creation on first send through the TBW102
 * template, retry and DLQ topics per consumer group. Every change is persisted before it is used (a send that
 * created its topic is acknowledged only once the topic is on disk) and triggers a re-registration with the
 * NameServers so the route appears.
 */
public final class TopicRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(TopicRegistry.class);

    private final TopicTable table;
    private final boolean autoCreateTopicEnable;
    private final int defaultTopicQueueNums;
    private final Runnable onChange;

    public TopicRegistry(TopicTable table, boolean autoCreateTopicEnable, int defaultTopicQueueNums,
                         Runnable onChange) {
        this.table = table;
        this.autoCreateTopicEnable = autoCreateTopicEnable;
        this.defaultTopicQueueNums = defaultTopicQueueNums;
        this.onChange = onChange;
    }

    public Optional<TopicConfig> find(String topic) {
        return table.get(topic);
    }

    /** @throws RequestException MESSAGE_ILLEGAL naming the rule, for a topic name clients may not use */
    public static void validateName(String topic) {
        try {
            TopicConfig.validateName(topic);
        } catch (InvalidTopicNameException e) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
    }

    /**
     * The topic a send goes to, creating it when missing: through the template topic when auto-creation is on and
     * the template is inheritable (queues = min(requested, template's), perm = template's without INHERIT); retry
     * topics always (one queue).
     *
     * @throws RequestException TOPIC_NOT_EXIST when the topic is missing and may not be created
     */
    public synchronized TopicConfig topicForSend(String topic, String defaultTopic, int requestedQueueNums) {
        Optional<TopicConfig> existing = table.get(topic);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (SystemTopics.isRetry(topic)) {
            return create(TopicConfig.of(topic, 1, 1, Perm.READ_WRITE));
        }
        if (SystemTopics.isDlq(topic)) {
            return create(TopicConfig.of(topic, 1, 1, Perm.READ_WRITE));
        }
        if (TemporaryNames.isTemporary(topic)) {
            // only its connection's JMS_CREATE_TEMPORARY makes one: a send to a deleted one must not revive it
            throw new RequestException(ResponseCode.TOPIC_NOT_EXIST, "temporary destination " + topic
                    + " does not exist: it was deleted or the connection that created it closed");
        }
        Optional<TopicConfig> template = defaultTopic == null ? Optional.empty() : table.get(defaultTopic);
        if (autoCreateTopicEnable && template.isPresent() && Perm.inheritable(template.get().perm())) {
            int queues = Math.max(1, Math.min(requestedQueueNums > 0 ? requestedQueueNums : defaultTopicQueueNums,
                    template.get().writeQueueNums()));
            return create(TopicConfig.of(topic, queues, queues, template.get().perm() & ~Perm.INHERIT));
        }
        throw new RequestException(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist, apply first please!"
                + (autoCreateTopicEnable ? "" : " (autoCreateTopicEnable=false)"));
    }

    /** The retry topic of {@code group}, created on first use. */
    public synchronized TopicConfig retryTopic(String group) {
        String name = SystemTopics.retryTopic(group);
        return table.get(name).orElseGet(() -> create(TopicConfig.of(name, 1, 1, Perm.READ_WRITE)));
    }

    /** The dead-letter topic of {@code group}, created on first use. */
    public synchronized TopicConfig dlqTopic(String group) {
        String name = SystemTopics.dlqTopic(group);
        return table.get(name).orElseGet(() -> create(TopicConfig.of(name, 1, 1, Perm.READ_WRITE)));
    }

    /** Creates or replaces a topic (UPDATE_AND_CREATE_TOPIC), re-publishing its route even when unchanged. */
    public synchronized TopicConfig createOrUpdate(TopicConfig config) {
        TopicConfig.validateName(config.topicName());
        return announce(table.publish(config));
    }

    public synchronized boolean delete(String topic) {
        boolean deleted = table.delete(topic);
        if (deleted) {
            LOG.info("topic {} deleted", topic);
            onChange.run();
        }
        return deleted;
    }

    private TopicConfig create(TopicConfig config) {
        return announce(table.put(config));
    }

    /** Logs a stored topic and re-registers with the NameServers so its route appears. */
    private TopicConfig announce(TopicConfig stored) {
        LOG.info("topic {} created/updated: read {} write {} perm {}", stored.topicName(), stored.readQueueNums(),
                stored.writeQueueNums(), stored.perm());
        onChange.run();
        return stored;
    }

    public TopicTable table() {
        return table;
    }
}
