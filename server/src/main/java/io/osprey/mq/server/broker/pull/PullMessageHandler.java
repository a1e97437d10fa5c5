package io.osprey.mq.server.broker.pull;

import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.PullMessageRequestHeader;
import io.osprey.mq.protocol.header.PullMessageResponseHeader;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.transport.RequestHandler;
import io.osprey.mq.server.broker.client.ConsumerRegistry;
import io.osprey.mq.server.broker.topic.Perm;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.ConsumerOffsetTable;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.TagFilter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * PULL_MESSAGE and LITE_PULL_MESSAGE: reads a queue from a logical offset, filtered by the subscription's tags.
 * A pull that finds nothing new and allows suspension is held by {@link LongPolling} until a message arrives or
 * its suspend time ends. The answer's code and {@code nextBeginOffset} follow the stock broker exactly, because
 * the client moves its offset by them:
 *
 * <pre>
 * found                                  SUCCESS                 last scanned + 1
 * every scanned entry filtered out       PULL_RETRY_IMMEDIATELY  past them
 * offset == max (or empty queue at 0)    PULL_NOT_FOUND          offset      (after the hold)
 * offset &gt; max, or &lt; min               PULL_OFFSET_MOVED       max / min
 * empty queue, offset != 0               PULL_OFFSET_MOVED       0
 * </pre>
 *
 * <p>A pull from a consumer that is not reading what it was sent (its connection is unwritable) waits, before reading
 * the store, until the connection drains or closes: each answer may carry megabytes, and a consumer that queued
 * thousands of pulls without reading would otherwise have them all read and queued for it.
 */
public final class PullMessageHandler implements RequestHandler {
    private final TopicRegistry topics;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final LongPolling longPolling;
    private final Executor pullExecutor;
    private final int maxTransferBytes;
    private final int maxTransferCount;

    public PullMessageHandler(TopicRegistry topics, ConsumerRegistry consumers, ConsumerOffsetTable offsets,
                              MessageStore store, LongPolling longPolling, Executor pullExecutor, int maxTransferBytes,
                              int maxTransferCount) {
        this.topics = topics;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.longPolling = longPolling;
        this.pullExecutor = pullExecutor;
        this.maxTransferBytes = maxTransferBytes;
        this.maxTransferCount = maxTransferCount;
    }

    @Override
    public CompletionStage<RemotingCommand> handle(RemotingChannel channel, RemotingCommand request) {
        PullMessageRequestHeader header = PullMessageRequestHeader.from(request.extFields());
        TopicConfig topic = topics.find(header.topic()).orElseThrow(() -> new RequestException(
                ResponseCode.TOPIC_NOT_EXIST, "topic[" + header.topic() + "] not exist, apply first please!"));
        if (!Perm.readable(topic.perm())) {
            throw new RequestException(ResponseCode.NO_PERMISSION,
                    "the topic[" + header.topic() + "] pulling message is forbidden");
        }
        if (header.queueId() < 0 || header.queueId() >= topic.readQueueNums()) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "queueId[" + header.queueId()
                    + "] is illegal, topic:[" + header.topic() + "] topicConfig.readQueueNums:["
                    + topic.readQueueNums() + "] consumer:[" + channel.remoteAddress() + "]");
        }
        TagFilter filter = SubscriptionFilter.of(subscription(header));
        if (header.commitOffsetFlag() && header.commitOffset() >= 0) {
            offsets.commit(header.consumerGroup(), header.topic(), header.queueId(), header.commitOffset());
        }
        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        attempt(channel, request, header, filter, header.suspendFlag(), response);
        return response;
    }

    private SubscriptionData subscription(PullMessageRequestHeader header) {
        if (header.classFilterFlag()) {
            throw new RequestException(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "class filter mode is not supported");
        }
        if (header.subscriptionFlag()) {
            if (header.expressionType() != null && !"TAG".equalsIgnoreCase(header.expressionType())) {
                throw new RequestException(ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                        "the broker does not support filtering by " + header.expressionType() + " yet");
            }
            return SubscriptionData.ofTags(header.topic(), header.subscription(), header.subVersion());
        }
        SubscriptionData registered = consumers.subscription(header.consumerGroup(), header.topic())
                .orElseThrow(() -> new RequestException(ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription not exist, group: " + header.consumerGroup()));
        if (registered.subVersion() < header.subVersion()) {
            throw new RequestException(ResponseCode.SUBSCRIPTION_NOT_LATEST,
                    "the consumer's subscription not latest, group: " + header.consumerGroup());
        }
        if (!registered.isTagExpression()) {
            throw new RequestException(ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "the broker does not support filtering by " + registered.expressionType() + " yet");
        }
        return registered;
    }

    private void attempt(RemotingChannel channel, RemotingCommand request, PullMessageRequestHeader header,
                         TagFilter filter, boolean mayHold, CompletableFuture<RemotingCommand> response) {
        if (!channel.isActive()) {
            response.complete(null); // nobody to answer: do not read the store for it
            return;
        }
        if (!channel.isWritable()) {
            channel.whenWritable(() -> {
                try {
                    pullExecutor.execute(() -> attempt(channel, request, header, filter, mayHold, response));
                } catch (RejectedExecutionException e) {
                    response.completeExceptionally(e);
                }
            });
            return;
        }
        try {
            int maxCount = Math.max(1, Math.min(header.maxMsgNums(), maxTransferCount));
            int maxBytes = header.maxMsgBytes() == null ? maxTransferBytes
                    : Math.max(1, Math.min(header.maxMsgBytes(), maxTransferBytes));
            GetMessagesResult result = store.getMessages(header.topic(), header.queueId(), header.queueOffset(),
                    maxCount, maxBytes, filter);
            int code = responseCode(result.status(), header.queueOffset());
            if (code == ResponseCode.PULL_NOT_FOUND && mayHold) {
                long holdMillis = header.suspendTimeoutMillis();
                longPolling.hold(header.topic(), header.queueId(), header.queueOffset(), holdMillis,
                        () -> attempt(channel, request, header, filter, false, response));
                return;
            }
            PullMessageResponseHeader answer = new PullMessageResponseHeader(0, result.nextBeginOffset(),
                    result.minOffset(), result.maxOffset());
            response.complete(RemotingCommand.response(request, code, code == ResponseCode.SUCCESS ? null
                    : result.status().name(), answer.toExtFields(),
                    code == ResponseCode.SUCCESS ? result.body() : null));
        } catch (RuntimeException e) {
            response.completeExceptionally(e);
        }
    }

    private static int responseCode(GetMessagesResult.Status status, long requestOffset) {
        return switch (status) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE -> ResponseCode.PULL_NOT_FOUND;
            case NO_MESSAGE_IN_QUEUE -> requestOffset == 0 ? ResponseCode.PULL_NOT_FOUND
                    : ResponseCode.PULL_OFFSET_MOVED;
            case OFFSET_OVERFLOW_BADLY, OFFSET_TOO_SMALL -> ResponseCode.PULL_OFFSET_MOVED;
        };
    }
}
