package io.osprey.mq.server.store;

/** The message's record cannot fit one CommitLog segment; the broker answers MESSAGE_ILLEGAL. */
public final class MessageTooLargeException extends StoreException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(int frameBytes, int maxFrameBytes) {
        super("message record of " + frameBytes + " bytes exceeds the largest a segment holds, " + maxFrameBytes);
    }
}
