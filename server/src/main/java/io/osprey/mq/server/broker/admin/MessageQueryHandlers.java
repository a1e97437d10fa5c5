package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.store.MessageStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Looking messages up: VIEW_MESSAGE_BY_ID (mqadmin queryMsgById, the client's {@code viewMessage}) by physical
 * offset, and QUERY_MESSAGE by key or unique key, which needs a key index this store does not have yet.
 */
public final class MessageQueryHandlers {
    /** The remark QUERY_MESSAGE answers until the store indexes message keys. */
    static final String KEY_INDEX_NOT_SUPPORTED = "message key index is not supported yet";

    private final MessageStore store;

    public MessageQueryHandlers(MessageStore store) {
        this.store = store;
    }

    /** Body: exactly the one V1 record at the header's physical {@code offset} (reference §5.3). */
    public CompletionStage<RemotingCommand> viewMessageById(RemotingChannel channel, RemotingCommand request) {
        long offset = ExtFields.of(request.extFields()).requireLong("offset");
        MessageRecord record = store.readMessage(offset).orElseThrow(() -> new RequestException(
                ResponseCode.SYSTEM_ERROR, "can not find message by the offset, " + offset));
        return CompletableFuture.completedFuture(
                RemotingCommand.success(request, null, MessageRecordCodec.encode(record)));
    }

    /**
     * Refused: answering "found nothing" would tell the tool the key does not exist. The admin tool first tries
     * an id as an offset msgId (VIEW_MESSAGE_BY_ID), so queryMsgById still works for those.
     */
    public CompletionStage<RemotingCommand> queryMessage(RemotingChannel channel, RemotingCommand request) {
        throw new RequestException(ResponseCode.SYSTEM_ERROR, KEY_INDEX_NOT_SUPPORTED);
    }
}
