package io.osprey.mq.server.broker.send;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.header.SendMessageResponseHeader;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestHandler;
import io.osprey.mq.server.store.AppendResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.MessageToStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * SEND_MESSAGE and SEND_MESSAGE_V2: admits the message, routes delayed ones to the schedule topic, hands it to
 * the store's writer and answers when the store acknowledges it (after fsync in SYNC_FLUSH).
 */
public final class SendMessageHandler implements RequestHandler {
    private final SendAdmission admission;
    private final MessageRouting routing;
    private final MessageStore store;
    private final StoreAcknowledgement acknowledgement;
    private final String clusterName;

    public SendMessageHandler(SendAdmission admission, MessageRouting routing, MessageStore store,
                              StoreAcknowledgement acknowledgement, String clusterName) {
        this.admission = admission;
        this.routing = routing;
        this.store = store;
        this.acknowledgement = acknowledgement;
        this.clusterName = clusterName;
    }

    @Override
    public CompletionStage<RemotingCommand> handle(RemotingChannel channel, RemotingCommand request) {
        SendMessageRequestHeader header = SendMessageRequestHeader.from(request.code(), request.extFields());
        Map<String, String> properties = MessageProperties.decode(header.properties());
        SendAdmission.Admitted admitted = admission.admit(header, request.body().length, properties);
        properties.remove(MessageConst.WAIT_STORE_MSG_OK);
        properties.putIfAbsent(MessageConst.CLUSTER, clusterName);
        int reconsumeTimes = header.reconsumeTimes();
        MessageRouting.Destination destination =
                routing.route(admitted.topic().topicName(), admitted.queueId(), properties);
        MessageToStore message = new MessageToStore(destination.topic(), destination.queueId(), header.flag(),
                request.body(), SendAdmission.encodeProperties(properties), destination.tagsCode(), header.sysFlag(),
                header.bornTimestamp(), channel.remoteSocketAddress(), reconsumeTimes, 0L);
        CompletableFuture<AppendResult> appended = store.append(message);
        // the store has its own copy now: the answer must not keep the body alive until the acknowledgement
        RemotingCommand answered = request.withoutBody();
        return acknowledgement.await(appended).thenApply(result -> result.acknowledged()
                ? RemotingCommand.success(answered, new SendMessageResponseHeader(result.append().msgId(),
                        admitted.queueId(), result.append().queueOffset(), null).toExtFields(), null)
                : RemotingCommand.response(answered, ResponseCode.FLUSH_DISK_TIMEOUT,
                        "the message was written but not fsynced within the sync flush timeout"));
    }
}
