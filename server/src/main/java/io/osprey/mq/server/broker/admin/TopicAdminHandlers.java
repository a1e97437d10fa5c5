package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.MessageQueue;
import io.osprey.mq.protocol.body.TopicConfigTable;
import io.osprey.mq.protocol.body.TopicConfigWire;
import io.osprey.mq.protocol.body.TopicOffset;
import io.osprey.mq.protocol.body.TopicStatsTable;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.broker.topic.SystemTopics;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.ConsumerOffsetTable;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic administration: UPDATE_AND_CREATE_TOPIC, DELETE_TOPIC_IN_BROKER, GET_ALL_TOPIC_CONFIG and
 * GET_TOPIC_STATS_INFO (mqadmin updateTopic, deleteTopic, topicStatus).
 */
public final class TopicAdminHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdminHandlers.class);
    /** RocketMQ's TopicValidator: topics starting with this belong to the broker. */

    private final TopicRegistry topics;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final QueueTimes queueTimes;
    private final String brokerName;

    public TopicAdminHandlers(TopicRegistry topics, ConsumerOffsetTable offsets, MessageStore store,
                              String brokerName) {
        this.topics = topics;
        this.offsets = offsets;
        this.store = store;
        this.queueTimes = new QueueTimes(store);
        this.brokerName = brokerName;
    }

    /**
     * Creates or replaces a topic; TopicRegistry persists it before this answers and re-registers with the
     * NameServers, so the route shows the new queues at once.
     *
     * <p>An invalid name answers MESSAGE_ILLEGAL (the stock broker says SYSTEM_ERROR, but nothing failed: the
     * request is wrong, and the remark names the rule). Changing a broker-owned topic answers NO_PERMISSION.
     * Topic attributes (5.x {@code -a}) are not stored by this broker: any other than the default
     * {@code message.type=NORMAL} is refused rather than dropped.
     */
    public CompletionStage<RemotingCommand> updateAndCreateTopic(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        String topic = fields.requireString("topic");
        checkChangeable(topic);
        checkAttributes(topic, fields.string("attributes"));
        TopicConfig config;
        try {
            config = new TopicConfig(topic, fields.requireInt("readQueueNums"), fields.requireInt("writeQueueNums"),
                    fields.requireInt("perm"), fields.intValue("topicSysFlag", 0), fields.bool("order", false),
                    fields.string("topicFilterType", TopicConfig.SINGLE_TAG));
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
        LOG.info("update/create topic {} from {}: read {} write {} perm {}", topic, channel.remoteAddress(),
                config.readQueueNums(), config.writeQueueNums(), config.perm());
        topics.createOrUpdate(config);
        return success(request, null);
    }

    /**
     * Deletes the topic's config, consume queues and every group's offsets of it; answers SUCCESS also when the
     * topic did not exist, as the stock broker does (the tool deletes on every master of a cluster). The
     * CommitLog records age out with retention.
     */
    public CompletionStage<RemotingCommand> deleteTopic(RemotingChannel channel, RemotingCommand request) {
        String topic = ExtFields.of(request.extFields()).requireString("topic");
        checkChangeable(topic);
        LOG.info("delete topic {} from {}", topic, channel.remoteAddress());
        topics.delete(topic);
        offsets.removeTopic(topic);
        return store.deleteTopic(topic).thenCompose(deleted -> success(request, null));
    }

    public CompletionStage<RemotingCommand> allTopicConfig(RemotingChannel channel, RemotingCommand request) {
        Map<String, TopicConfigWire> table = new LinkedHashMap<>();
        for (TopicConfig config : topics.table().all()) {
            table.put(config.topicName(), wire(config));
        }
        return success(request, JsonBodies.encode(new TopicConfigTable(table, topics.table().dataVersion())));
    }

    /**
     * GET_TOPIC_CONFIG: one topic's config. The 5.x admin tool asks every broker of a route for it before
     * topicStatus and consumerProgress; no {@code mappingDetail} means the topic is not a static (logical-queue)
     * topic, so the tool proceeds with the plain queues.
     */
    public CompletionStage<RemotingCommand> topicConfig(RemotingChannel channel, RemotingCommand request) {
        String topic = ExtFields.of(request.extFields()).requireString("topic");
        TopicConfig config = topics.find(topic).orElseThrow(() -> new RequestException(ResponseCode.TOPIC_NOT_EXIST,
                "topic[" + topic + "] not exist"));
        return success(request, JsonBodies.encode(wire(config)));
    }

    private static TopicConfigWire wire(TopicConfig config) {
        return new TopicConfigWire(config.topicName(), config.readQueueNums(), config.writeQueueNums(),
                config.perm(), config.topicFilterType(), config.topicSysFlag(), config.order());
    }

    /**
     * Every queue's min/max offset and last store time. Queues are numbered up to the larger of the read and
     * write counts (the stock broker lists only the write queues, hiding read-only queues being drained).
     */
    public CompletionStage<RemotingCommand> topicStats(RemotingChannel channel, RemotingCommand request) {
        String topic = ExtFields.of(request.extFields()).requireString("topic");
        TopicConfig config = topics.find(topic).orElseThrow(() -> new RequestException(ResponseCode.TOPIC_NOT_EXIST,
                "topic[" + topic + "] not exist"));
        Map<MessageQueue, TopicOffset> table = new LinkedHashMap<>();
        int queues = Math.max(config.readQueueNums(), config.writeQueueNums());
        for (int queueId = 0; queueId < queues; queueId++) {
            long max = store.maxOffset(topic, queueId);
            table.put(new MessageQueue(topic, brokerName, queueId), new TopicOffset(store.minOffset(topic, queueId),
                    max, max > 0 ? queueTimes.storeTime(topic, queueId, max - 1) : 0));
        }
        return success(request, JsonBodies.encode(new TopicStatsTable(table)));
    }

    private static void checkChangeable(String topic) {
        TopicRegistry.validateName(topic);
        if (SystemTopics.isBrokerInternal(topic)) {
            throw new RequestException(ResponseCode.NO_PERMISSION,
                    "The topic[" + topic + "] is conflict with system topic.");
        }
    }

    /** 5.x sends {@code +key=value,-key}; an empty string means none. */
    private static void checkAttributes(String topic, String attributes) {
        if (attributes == null || attributes.isBlank()) {
            return;
        }
        for (String attribute : attributes.split(",")) {
            String trimmed = attribute.trim();
            if (!trimmed.isEmpty() && !trimmed.equals("+message.type=NORMAL")) {
                throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "topic[" + topic + "]: attribute "
                        + trimmed + " is not supported by this broker (only +message.type=NORMAL)");
            }
        }
    }

    private static CompletionStage<RemotingCommand> success(RemotingCommand request, byte[] body) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, body));
    }
}
