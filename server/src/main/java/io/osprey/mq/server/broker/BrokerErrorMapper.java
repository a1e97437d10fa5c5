package io.osprey.mq.server.broker;

import io.osprey.mq.protocol.body.MalformedBodyException;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.message.MalformedMessageException;
import io.osprey.mq.protocol.transport.ErrorMapper;
import io.osprey.mq.server.metadata.InvalidTopicNameException;
import io.osprey.mq.server.store.MessageTooLargeException;
import io.osprey.mq.server.store.StoreBusyException;
import io.osprey.mq.server.store.StoreClosedException;

/** The broker's failures as response codes: the one table between its exceptions and the wire. */
final class BrokerErrorMapper implements ErrorMapper {
    @Override
    public int responseCode(Throwable failure) {
        if (failure instanceof StoreBusyException) {
            return ResponseCode.SYSTEM_BUSY;
        }
        if (failure instanceof StoreClosedException) {
            return ResponseCode.SERVICE_NOT_AVAILABLE;
        }
        if (failure instanceof MessageTooLargeException || failure instanceof InvalidTopicNameException
                || failure instanceof MalformedMessageException) {
            return ResponseCode.MESSAGE_ILLEGAL;
        }
        if (failure instanceof MalformedBodyException) {
            return ResponseCode.SYSTEM_ERROR;
        }
        return ErrorMapper.DEFAULT.responseCode(failure);
    }
}
