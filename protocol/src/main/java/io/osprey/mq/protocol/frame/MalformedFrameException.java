package io.osprey.mq.protocol.frame;

import io.netty.handler.codec.CorruptedFrameException;

/** A frame whose bytes do not form a command: the connection that sent it is closed. */
public final class MalformedFrameException extends CorruptedFrameException {
    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
