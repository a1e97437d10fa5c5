package io.osprey.mq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.SerializeType;

/**
 * Turns the bytes of one frame (after its length prefix) into a {@link RemotingCommand}, and a command
 * into a whole frame, length prefix included.
 *
 * <pre>
 *  +--------------+----------------------------+---------------+-------------+
 *  | length : i32 | type : i8 | headerLen : i24 | header bytes  | body bytes  |
 *  +--------------+----------------------------+---------------+-------------+
 *  length = 4 + headerLen + bodyLen
 * </pre>
 */
public final class CommandCodec {
    private static final int HEADER_LENGTH_MASK = 0x00FF_FFFF;

    private CommandCodec() {
    }

    /**
     * Decodes a frame without its length prefix. Does not take ownership of {@code frame}; reads all of it.
     *
     * @throws MalformedFrameException when the bytes do not form a command
     */
    public static RemotingCommand decode(ByteBuf frame) {
        if (frame.readableBytes() < 4) {
            throw new MalformedFrameException("frame of " + frame.readableBytes() + " bytes has no header length");
        }
        int typeAndLength = frame.readInt();
        int headerLength = typeAndLength & HEADER_LENGTH_MASK;
        SerializeType type;
        try {
            type = SerializeType.of((typeAndLength >>> 24) & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(e.getMessage(), e);
        }
        if (headerLength > frame.readableBytes()) {
            throw new MalformedFrameException("header length " + headerLength + " exceeds the frame's "
                    + frame.readableBytes() + " remaining bytes");
        }
        ByteBuf header = frame.readSlice(headerLength);
        byte[] body = new byte[frame.readableBytes()];
        frame.readBytes(body);
        if (type == SerializeType.JSON) {
            byte[] json = new byte[headerLength];
            header.readBytes(json);
            return JsonHeaderCodec.decode(json, body);
        }
        return BinaryHeaderCodec.decode(header, body);
    }

    /** Writes the whole frame of {@code command}, length prefix included, to {@code out}. */
    public static void encode(RemotingCommand command, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeInt(0);
        int headerStart = out.writerIndex();
        if (command.serializeType() == SerializeType.JSON) {
            out.writeBytes(JsonHeaderCodec.encode(command));
        } else {
            BinaryHeaderCodec.encode(command, out);
        }
        int headerLength = out.writerIndex() - headerStart;
        out.writeBytes(command.body());
        out.setInt(start, out.writerIndex() - start - 4);
        out.setInt(start + 4, (command.serializeType().code() << 24) | (headerLength & HEADER_LENGTH_MASK));
    }
}
