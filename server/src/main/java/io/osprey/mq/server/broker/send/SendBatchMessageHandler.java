package io.osprey.mq.server.broker.send;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.header.SendMessageResponseHeader;
import io.osprey.mq.protocol.message.BatchMessageDecoder;
import io.osprey.mq.protocol.message.BatchMessageItem;
import io.osprey.mq.protocol.message.MalformedMessageException;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.transport.RequestHandler;
import io.osprey.mq.server.store.AppendResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.MessageToStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * SEND_BATCH_MESSAGE: one topic and queue, each item stored as its own message with consecutive queue
 * offsets, all or nothing. Delay levels and {@code %RETRY%} topics are refused in a batch, as by the stock
 * broker.
 */
public final class SendBatchMessageHandler implements RequestHandler {
    private final SendAdmission admission;
    private final MessageStore store;
    private final StoreAcknowledgement acknowledgement;
    private final String clusterName;

    public SendBatchMessageHandler(SendAdmission admission, MessageStore store, StoreAcknowledgement acknowledgement,
                                   String clusterName) {
        this.admission = admission;
        this.store = store;
        this.acknowledgement = acknowledgement;
        this.clusterName = clusterName;
    }

    @Override
    public CompletionStage<RemotingCommand> handle(RemotingChannel channel, RemotingCommand request) {
        SendMessageRequestHeader header = SendMessageRequestHeader.from(request.code(), request.extFields());
        if (header.topic().startsWith("%RETRY%")) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "batch messages cannot be sent to a retry topic");
        }
        List<BatchMessageItem> items;
        try {
            items = BatchMessageDecoder.decode(request.body());
        } catch (MalformedMessageException e) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "malformed batch body: " + e.getMessage());
        }
        if (items.isEmpty()) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "empty batch");
        }
        Map<String, String> headerProperties = MessageProperties.decode(header.properties());
        int largest = items.stream().mapToInt(item -> item.body().length).max().orElse(0);
        SendAdmission.Admitted admitted = admission.admit(header, largest, new LinkedHashMap<>(headerProperties));
        List<MessageToStore> messages = new ArrayList<>(items.size());
        for (BatchMessageItem item : items) {
            Map<String, String> properties = new LinkedHashMap<>(headerProperties);
            properties.putAll(item.properties());
            if (properties.containsKey(MessageConst.DELAY_TIME_LEVEL)) {
                throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "batch messages cannot have a delay level");
            }
            properties.remove(MessageConst.WAIT_STORE_MSG_OK);
            properties.putIfAbsent(MessageConst.CLUSTER, clusterName);
            messages.add(new MessageToStore(admitted.topic().topicName(), admitted.queueId(), item.flag(), item.body(),
                    SendAdmission.encodeProperties(properties), MessageRouting.tagsCode(properties.get(MessageConst.TAGS)),
                    header.sysFlag(), header.bornTimestamp(), channel.remoteSocketAddress(), 0, 0L));
        }
        // the store has its own copies now: the answer must not keep the batch body alive until the acknowledgement
        RemotingCommand answered = request.withoutBody();
        return acknowledgement.awaitAll(store.appendBatch(messages)).thenApply(outcome -> {
            if (!outcome.acknowledged()) {
                return RemotingCommand.response(answered, ResponseCode.FLUSH_DISK_TIMEOUT,
                        "the batch was written but not fsynced within the sync flush timeout");
            }
            List<AppendResult> results = outcome.appends();
            String msgIds = results.stream().map(AppendResult::msgId).collect(Collectors.joining(","));
            return RemotingCommand.success(answered, new SendMessageResponseHeader(msgIds, admitted.queueId(),
                    results.get(0).queueOffset(), null).toExtFields(), null);
        });
    }
}
