package io.osprey.mq.protocol.message;

/**
 * Bytes that do not form a valid RocketMQ message record, batch item or properties string: a length that is
 * negative or runs past the input, a wrong magic, a body CRC that does not match.
 *
 * <p>Thrown by the decoders of this package. At the wire it maps to MESSAGE_ILLEGAL (13) for sends; in the
 * store it means a record on disk is corrupt.
 */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
