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
        int headerLength = headerLength(typeAndLength, frame.readableBytes());
        RemotingCommand header = decodeHeader(typeAndLength, frame.readSlice(headerLength));
        byte[] body = new byte[frame.readableBytes()];
        frame.readBytes(body);
        return header.withBody(body);
    }

    /**
     * The header length a frame's type/header-length word declares, checked against the {@code remaining} bytes
     * of the frame after that word.
     *
     * @throws MalformedFrameException when the header would not fit in the frame
     */
    static int headerLength(int typeAndLength, long remaining) {
        int headerLength = typeAndLength & HEADER_LENGTH_MASK;
        if (headerLength > remaining) {
            throw new MalformedFrameException("header length " + headerLength + " exceeds the frame's "
                    + remaining + " remaining bytes");
        }
        return headerLength;
    }

    /**
     * Decodes the header of a frame, given its type/header-length word and exactly its header bytes, into a
     * command without body. Does not take ownership of {@code header}; reads all of it.
     *
     * @throws MalformedFrameException when the serialize type is unknown or the header does not parse
     */
    static RemotingCommand decodeHeader(int typeAndLength, ByteBuf header) {
        SerializeType type;
        try {
            type = SerializeType.of((typeAndLength >>> 24) & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(e.getMessage(), e);
        }
        if (type == SerializeType.JSON) {
            byte[] json = new byte[header.readableBytes()];
            header.readBytes(json);
            return JsonHeaderCodec.decode(json, null);
        }
        return BinaryHeaderCodec.decode(header, null);
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
