package io.osprey.mq.server.broker.offset;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.server.metadata.ConsumerOffsetTable;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.MessageStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumer offsets (QUERY/UPDATE_CONSUMER_OFFSET) and queue positions (GET_MAX/MIN_OFFSET,
 * SEARCH_OFFSET_BY_TIMESTAMP, GET_EARLIEST_MSG_STORETIME).
 */
public final class OffsetHandlers {
    /**
     * Share of RAM within which the first message of a queue counts as "still in memory", as the stock broker
     * decides whether a brand-new group may start at offset 0 (see {@link #queryConsumerOffset}).
     */
    private static final double IN_MEMORY_RATIO = 0.40;

    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final long inMemoryBytes;

    public OffsetHandlers(ConsumerOffsetTable offsets, MessageStore store, long physicalMemoryBytes) {
        this.offsets = offsets;
        this.store = store;
        this.inMemoryBytes = (long) (physicalMemoryBytes * IN_MEMORY_RATIO);
    }

    /**
     * The group's committed offset. Without one, a queue whose first message is still recent (within 40% of RAM
     * of the CommitLog's end, as the stock broker judges "in memory") answers 0, so a new group on a young topic
     * starts at its beginning as RocketMQ users expect; otherwise QUERY_NOT_FOUND lets the client apply its
     * ConsumeFromWhere.
     */
    public CompletionStage<RemotingCommand> queryConsumerOffset(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        String group = fields.requireString("consumerGroup");
        String topic = fields.requireString("topic");
        int queueId = fields.requireInt("queueId");
        long offset = offsets.query(group, topic, queueId);
        if (offset >= 0) {
            return answer(request, Map.of("offset", Long.toString(offset)));
        }
        // 5.x clients send setZeroIfNotFound=false to insist on "not found" (they then apply ConsumeFromWhere)
        if (fields.bool("setZeroIfNotFound", true) && youngQueue(topic, queueId)) {
            return answer(request, Map.of("offset", "0"));
        }
        return CompletableFuture.completedFuture(RemotingCommand.response(request, ResponseCode.QUERY_NOT_FOUND,
                "Not found, maybe this group consumer boot first"));
    }

    private boolean youngQueue(String topic, int queueId) {
        if (store.minOffset(topic, queueId) > 0) {
            return false;
        }
        if (store.maxOffset(topic, queueId) == 0) {
            return true;
        }
        GetMessagesResult first = store.getMessages(topic, queueId, 0, 1, 1, tagsCode -> true);
        if (first.status() != GetMessagesResult.Status.FOUND) {
            return false;
        }
        return store.commitLogMaxOffset() - first.decodeRecords().get(0).physicalOffset() <= inMemoryBytes;
    }

    public CompletionStage<RemotingCommand> updateConsumerOffset(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        offsets.commit(fields.requireString("consumerGroup"), fields.requireString("topic"),
                fields.requireInt("queueId"), fields.requireLong("commitOffset"));
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }

    public CompletionStage<RemotingCommand> maxOffset(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        long offset = store.maxOffset(fields.requireString("topic"), fields.requireInt("queueId"));
        return answer(request, Map.of("offset", Long.toString(offset)));
    }

    public CompletionStage<RemotingCommand> minOffset(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        long offset = store.minOffset(fields.requireString("topic"), fields.requireInt("queueId"));
        return answer(request, Map.of("offset", Long.toString(offset)));
    }

    public CompletionStage<RemotingCommand> searchOffsetByTimestamp(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        long offset = store.offsetByTimestamp(fields.requireString("topic"), fields.requireInt("queueId"),
                fields.requireLong("timestamp"));
        return answer(request, Map.of("offset", Long.toString(offset)));
    }

    public CompletionStage<RemotingCommand> earliestStoreTime(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        long timestamp = store.earliestStoreTime(fields.requireString("topic"), fields.requireInt("queueId"));
        return answer(request, Map.of("timestamp", Long.toString(timestamp)));
    }

    private static CompletionStage<RemotingCommand> answer(RemotingCommand request, Map<String, String> header) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, header, null));
    }
}
