package io.osprey.mq.server.broker.retry;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.transport.RequestHandler;
import io.osprey.mq.server.broker.send.MessageRouting;
import io.osprey.mq.server.broker.send.StoreAcknowledgement;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.SubscriptionGroupConfig;
import io.osprey.mq.server.metadata.SubscriptionGroupTable;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.MessageToStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONSUMER_SEND_MSG_BACK (36): a clustering consumer failed a message; the broker stores a copy for later
 * redelivery (reference §8.4).
 *
 * <p>The original is looked up by physical offset. Its copy goes to {@code %DLQ%<group>} (queue 0) when it has
 * been reconsumed {@code maxReconsumeTimes} times already or the client asks for it (delay level &lt; 0);
 * otherwise to {@code %RETRY%<group>} with a delay (the client's level, or 3 + reconsumeTimes), so it first
 * waits in {@code SCHEDULE_TOPIC_XXXX} until the {@link DelayScheduler} moves it. The copy keeps body, flag,
 * sysFlag, born time and host and every property (UNIQ_KEY too, so the consumer sees the same message id); it
 * adds RETRY_TOPIC and ORIGIN_MESSAGE_ID when absent, and counts one more reconsume.
 *
 * <p>If this fails the client sends the message to the retry topic itself, so an error costs a duplicate, not a
 * loss.
 */
public final class SendBackHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SendBackHandler.class);
    /** The level the stock broker starts at when the client leaves it to the broker (level 3 = 10 s). */
    private static final int BROKER_CHOSEN_BASE_LEVEL = 3;

    private final TopicRegistry topics;
    private final SubscriptionGroupTable subscriptionGroups;
    private final MessageRouting routing;
    private final MessageStore store;
    private final StoreAcknowledgement acknowledgement;

    public SendBackHandler(TopicRegistry topics, SubscriptionGroupTable subscriptionGroups, MessageRouting routing,
                           MessageStore store, StoreAcknowledgement acknowledgement) {
        this.topics = topics;
        this.subscriptionGroups = subscriptionGroups;
        this.routing = routing;
        this.store = store;
        this.acknowledgement = acknowledgement;
    }

    @Override
    public CompletionStage<RemotingCommand> handle(RemotingChannel channel, RemotingCommand request) {
        SendBackRequestHeader header = SendBackRequestHeader.from(request.extFields());
        SubscriptionGroupConfig group = subscriptionGroups.getOrCreate(header.group());
        if (group.retryQueueNums() <= 0) {
            LOG.debug("group {} has no retry queues: message at {} dropped", header.group(), header.offset());
            return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
        }
        MessageRecord original = store.readMessage(header.offset()).orElseThrow(() -> new RequestException(
                ResponseCode.SYSTEM_ERROR, "look message by offset failed, " + header.offset()));
        MessageToStore copy = copyFor(header, group, original);
        LOG.debug("send-back of {} from group {}: copy to {}/{}", original.physicalOffset(), header.group(),
                copy.topic(), copy.queueId());
        return acknowledgement.await(store.append(copy)).thenApply(outcome -> outcome.acknowledged()
                ? RemotingCommand.success(request, null, null)
                : RemotingCommand.response(request, ResponseCode.SYSTEM_ERROR,
                        "the retry copy was written but not fsynced within the sync flush timeout"));
    }

    private MessageToStore copyFor(SendBackRequestHeader header, SubscriptionGroupConfig group,
                                   MessageRecord original) {
        Map<String, String> properties = original.propertiesMap();
        properties.remove(MessageConst.WAIT_STORE_MSG_OK);
        properties.putIfAbsent(MessageConst.RETRY_TOPIC, isBlank(header.originTopic())
                ? original.topic() : header.originTopic());
        properties.putIfAbsent(MessageConst.ORIGIN_MESSAGE_ID, originMessageId(header, original, properties));
        int maxReconsumeTimes = header.maxReconsumeTimes() != null
                ? header.maxReconsumeTimes() : group.retryMaxTimes();
        MessageRouting.Destination destination;
        if (original.reconsumeTimes() >= maxReconsumeTimes || header.delayLevel() < 0) {
            properties.remove(MessageConst.DELAY_TIME_LEVEL);
            TopicConfig dlq = topics.dlqTopic(header.group());
            destination = new MessageRouting.Destination(dlq.topicName(), 0,
                    MessageRouting.tagsCode(properties.get(MessageConst.TAGS)));
        } else {
            TopicConfig retry = topics.retryTopic(header.group());
            int level = header.delayLevel() == 0
                    ? BROKER_CHOSEN_BASE_LEVEL + original.reconsumeTimes() : header.delayLevel();
            properties.put(MessageConst.DELAY_TIME_LEVEL, Integer.toString(level));
            destination = routing.route(retry.topicName(),
                    ThreadLocalRandom.current().nextInt(retry.writeQueueNums()), properties);
        }
        return new MessageToStore(destination.topic(), destination.queueId(), original.flag(), original.body(),
                MessageProperties.encode(properties), destination.tagsCode(), original.sysFlag(),
                original.bornTimestamp(), original.bornHost(), original.reconsumeTimes() + 1, 0L);
    }

    /** The id the client knows the message by: the client's, else its UNIQ_KEY, else its offset msgId. */
    private static String originMessageId(SendBackRequestHeader header, MessageRecord original,
                                          Map<String, String> properties) {
        if (!isBlank(header.originMsgId())) {
            return header.originMsgId();
        }
        String uniqKey = properties.get(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return isBlank(uniqKey) ? original.messageId().encode() : uniqKey;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
