package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.protocol.dispatch.TransactionHeader;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.transport.WhenBusy;
import io.osprey.mq.server.broker.send.MessageRouting;
import io.osprey.mq.server.broker.send.SendAdmission;
import io.osprey.mq.server.metadata.TopicTable;
import io.osprey.mq.server.store.MessageToStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The transaction request codes: each staged send passes the checks of a plain send (topic name and existence,
 * size, write permission, queue), then the {@link Dispatcher} writes the transaction.
 */
public final class TransactionHandlers {
    /** The producer group a transaction's sends are admitted under (named in the broker's errors). */
    static final String PRODUCER_GROUP = "OSPREY_JMS_TRANSACTION";

    private final Dispatcher dispatcher;
    private final SendAdmission admission;
    private final MessageRouting routing;
    private final String clusterName;
    private final int defaultTopicQueueNums;

    public TransactionHandlers(Dispatcher dispatcher, SendAdmission admission, MessageRouting routing,
                               String clusterName, int defaultTopicQueueNums) {
        this.dispatcher = dispatcher;
        this.admission = admission;
        this.routing = routing;
        this.clusterName = clusterName;
        this.defaultTopicQueueNums = defaultTopicQueueNums;
    }

    /** A commit carries messages: beyond the in-flight budget it is refused unread, as a send is. */
    public void register(HandlerTable handlers, Executor executor) {
        handlers.register(RequestCode.JMS_TX_COMMIT, this::commit, executor, WhenBusy.REFUSE)
                .register(RequestCode.JMS_TX_STAGE, this::stage, executor, WhenBusy.REFUSE)
                .register(RequestCode.JMS_TX_ROLLBACK, this::rollback, executor);
    }

    private CompletionStage<RemotingCommand> commit(RemotingChannel channel, RemotingCommand request) {
        TransactionHeader header = TransactionHeader.from(request.extFields());
        TransactionWork work = TransactionWork.decode(request.body());
        List<MessageToStore> messages;
        try {
            messages = admitAll(work, channel);
        } catch (RequestException refused) {
            return rollBackThenFail(header, refused);
        }
        RemotingCommand answerTo = request.withoutBody();
        return dispatcher.commit(header.connectionId(), header.transactionId(), messages, work.consumed())
                .thenApply(done -> ok(answerTo));
    }

    private CompletionStage<RemotingCommand> stage(RemotingChannel channel, RemotingCommand request) {
        TransactionHeader header = TransactionHeader.from(request.extFields());
        TransactionWork work = TransactionWork.decode(request.body());
        if (!work.consumed().isEmpty()) {
            throw new RequestException(ResponseCode.ILLEGAL_STATE, "a staging request carries sends only: consumed"
                    + " messages are acknowledged by the commit");
        }
        List<MessageToStore> messages;
        try {
            messages = admitAll(work, channel);
        } catch (RequestException refused) {
            return rollBackThenFail(header, refused);
        }
        RemotingCommand answerTo = request.withoutBody();
        return dispatcher.stage(header.connectionId(), header.transactionId(), messages)
                .thenApply(done -> ok(answerTo));
    }

    private CompletionStage<RemotingCommand> rollback(RemotingChannel channel, RemotingCommand request) {
        TransactionHeader header = TransactionHeader.from(request.extFields());
        return dispatcher.rollback(header.connectionId(), header.transactionId()).thenApply(done -> ok(request));
    }

    /**
     * A send was refused, so the transaction is rolled back, as the answer says: what it staged before goes too, so
     * that nothing of it is ever stored, whatever the client asks next under its identifier.
     */
    private CompletionStage<RemotingCommand> rollBackThenFail(TransactionHeader header, RequestException refused) {
        return dispatcher.rollback(header.connectionId(), header.transactionId()).handle((done, failure) -> {
            if (failure != null) {
                refused.addSuppressed(failure);
            }
            throw refused;
        });
    }

    List<MessageToStore> admitAll(TransactionWork work, RemotingChannel channel) {
        List<MessageToStore> messages = new ArrayList<>(work.sends().size());
        for (int i = 0; i < work.sends().size(); i++) {
            messages.add(admit(work.sends().get(i), i, channel));
        }
        return messages;
    }

    private static RemotingCommand ok(RemotingCommand request) {
        return RemotingCommand.success(request, Map.of(), null);
    }

    /** A staged send as the store takes it; a send a plain send would be refused rolls the transaction back. */
    private MessageToStore admit(StagedSend send, int index, RemotingChannel channel) {
        try {
            Map<String, String> properties = MessageProperties.decode(send.properties());
            properties.remove(MessageConst.WAIT_STORE_MSG_OK);
            SendMessageRequestHeader asSend = new SendMessageRequestHeader(PRODUCER_GROUP, send.topic(),
                    TopicTable.AUTO_CREATE_TEMPLATE, defaultTopicQueueNums, send.queueId(), 0, send.bornTimestamp(), 0,
                    send.properties(), 0, false, null, false);
            SendAdmission.Admitted admitted = admission.admit(asSend, send.body().length, properties);
            properties.putIfAbsent(MessageConst.CLUSTER, clusterName);
            MessageRouting.Destination destination = routing.route(admitted.topic().topicName(), admitted.queueId(),
                    properties);
            return new MessageToStore(destination.topic(), destination.queueId(), 0, send.body(),
                    SendAdmission.encodeProperties(properties), destination.tagsCode(), 0, send.bornTimestamp(),
                    channel.remoteSocketAddress(), 0, 0L);
        } catch (RequestException e) {
            throw new RequestException(ResponseCode.TRANSACTION_ROLLED_BACK, "the transaction is rolled back: its"
                    + " send " + (index + 1) + " to " + send.topic() + " was refused: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.TRANSACTION_ROLLED_BACK, "the transaction is rolled back: its"
                    + " send " + (index + 1) + " to " + send.topic() + " has malformed properties: "
                    + e.getMessage(), e);
        }
    }
}
