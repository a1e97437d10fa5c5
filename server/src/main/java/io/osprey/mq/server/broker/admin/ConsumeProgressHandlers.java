package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.body.ConsumeStats;
import io.osprey.mq.protocol.body.ConsumerOffsetWrapper;
import io.osprey.mq.protocol.body.GroupList;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.MessageQueue;
import io.osprey.mq.protocol.body.OffsetWrapper;
import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.body.TopicList;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.server.broker.client.ConsumerRegistry;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.ConsumerOffsetTable;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Who consumes what, and how far: GET_CONSUME_STATS, QUERY_TOPIC_CONSUME_BY_WHO, QUERY_TOPICS_BY_CONSUMER and
 * GET_ALL_CONSUMER_OFFSET (mqadmin consumerProgress, topicRoute's consumers, the dashboard).
 *
 * <p>A group "consumes" a topic when it committed an offset of it or a live member subscribes to it (the latter
 * covers a group that started but has not committed yet; the stock broker knows only the former).
 */
public final class ConsumeProgressHandlers {
    private final TopicRegistry topics;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final QueueTimes queueTimes;
    private final String brokerName;
    private final Supplier<String> brokerAddr;

    public ConsumeProgressHandlers(TopicRegistry topics, ConsumerRegistry consumers, ConsumerOffsetTable offsets,
                                   MessageStore store, String brokerName, Supplier<String> brokerAddr) {
        this.topics = topics;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.queueTimes = new QueueTimes(store);
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
    }

    /**
     * The group's progress on every readable queue of one topic, or of every topic it consumes when the header
     * has none. As in the stock broker, a topic the group's live members do not subscribe to is left out when
     * they subscribe to anything, and an empty table is a SUCCESS: the admin tool itself reports
     * CONSUMER_NOT_ONLINE ("maybe the consumer not consume any message") when every broker's table is empty.
     * {@code consumeTps} is 0: per-group rates are not kept yet.
     */
    public CompletionStage<RemotingCommand> consumeStats(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        String group = fields.requireString("consumerGroup");
        String onlyTopic = fields.string("topic");
        Set<String> candidates = onlyTopic == null || onlyTopic.isBlank() ? topicsOf(group) : Set.of(onlyTopic);
        Map<String, SubscriptionData> subscriptions = consumers.subscriptions(group);
        Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
        for (String topic : candidates) {
            Optional<TopicConfig> config = topics.find(topic);
            if (config.isEmpty() || (!subscriptions.isEmpty() && !subscriptions.containsKey(topic))) {
                continue;
            }
            for (int queueId = 0; queueId < config.get().readQueueNums(); queueId++) {
                table.put(new MessageQueue(topic, brokerName, queueId), progress(group, topic, queueId));
            }
        }
        return success(request, JsonBodies.encode(new ConsumeStats(table, 0.0)));
    }

    private OffsetWrapper progress(String group, String topic, int queueId) {
        long brokerOffset = store.maxOffset(topic, queueId);
        long consumerOffset = Math.max(0, offsets.query(group, topic, queueId));
        long lastTimestamp = consumerOffset > 0 ? queueTimes.storeTime(topic, queueId, consumerOffset - 1) : 0;
        // Pull positions are not tracked apart from commits; the stock broker also never reports less.
        return new OffsetWrapper(brokerOffset, consumerOffset, consumerOffset, lastTimestamp);
    }

    /** Groups with a live subscriber or committed offsets of the topic. */
    public CompletionStage<RemotingCommand> topicConsumedByWho(RemotingChannel channel, RemotingCommand request) {
        String topic = ExtFields.of(request.extFields()).requireString("topic");
        Set<String> groups = new TreeSet<>(consumers.groupsSubscribedTo(topic));
        groups.addAll(offsets.groupsConsuming(topic));
        return success(request, JsonBodies.encode(new GroupList(groups)));
    }

    public CompletionStage<RemotingCommand> topicsByConsumer(RemotingChannel channel, RemotingCommand request) {
        String group = ExtFields.of(request.extFields()).requireString("group");
        return success(request, JsonBodies.encode(new TopicList(topicsOf(group), brokerAddr.get())));
    }

    /** Every committed offset of every existing topic, keyed {@code topic@group} as in consumerOffset.json. */
    public CompletionStage<RemotingCommand> allConsumerOffsets(RemotingChannel channel, RemotingCommand request) {
        Map<String, Map<Integer, Long>> table = new TreeMap<>();
        for (TopicConfig topic : topics.table().all()) {
            for (String group : new TreeSet<>(offsets.groupsConsuming(topic.topicName()))) {
                table.put(topic.topicName() + '@' + group, new TreeMap<>(offsets.offsets(group, topic.topicName())));
            }
        }
        return success(request, JsonBodies.encode(new ConsumerOffsetWrapper(table)));
    }

    /** Topics with the group's committed offsets or live subscriptions ({@code %RETRY%group} included). */
    private Set<String> topicsOf(String group) {
        Set<String> result = new TreeSet<>(offsets.topicsOf(group));
        result.addAll(consumers.subscriptions(group).keySet());
        return result;
    }

    private static CompletionStage<RemotingCommand> success(RemotingCommand request, byte[] body) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, body));
    }
}
