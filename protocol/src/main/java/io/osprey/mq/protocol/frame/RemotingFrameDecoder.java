package io.osprey.mq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.osprey.mq.protocol.command.RemotingCommand;
import java.util.List;
import java.util.Objects;

/**
 * Splits the byte stream into frames and decodes each into an {@link InboundFrame}: header first, then — if the
 * {@link FrameAdmission} admits it — the body, or else the body is dropped as it arrives.
 *
 * <pre>
 *  +--------------+----------------------------+---------------+-------------+
 *  | length : i32 | type : i8 | headerLen : i24 | header bytes  | body bytes  |
 *  +--------------+----------------------------+---------------+-------------+
 *  |&lt;------------- prefix: 8 bytes ------------&gt;|  buffered,    |  read into  |
 *                                               |  then decoded |  an array of|
 *                                               |  and admitted |  exact size,|
 *                                               |               |  or skipped |
 * </pre>
 *
 * <p>Memory: only the prefix and the header are ever accumulated (the header is at most {@link #MAX_HEADER_BYTES}),
 * and a body goes straight into a byte array of exactly its size, so a connection never holds more than one header
 * plus what admission granted. (A plain length-field decoder would accumulate the whole frame in a buffer that
 * grows in steps of up to 4 MiB, so a 4 MiB message would sit in an 8 MiB buffer before any admission could say no.)
 *
 * <p>{@code maxFrameBytes} counts the whole frame, the 4-byte length prefix included, as the stock client and broker
 * do (16 MiB). A too large length fails fast with a {@link TooLongFrameException} before any of the frame is
 * buffered, and the rest of that frame is dropped as it arrives; so does a "negative" one, since the length is read
 * unsigned. A frame whose contents do not parse raises {@link MalformedFrameException}, after which everything the
 * connection sends is dropped. Either way the pipeline's exception handler closes the connection.
 */
public final class RemotingFrameDecoder extends ByteToMessageDecoder {
    /**
     * Largest header accepted. Headers are buffered before admission, so they need a bound of their own; this one is
     * far above what a stock client writes (message properties are limited to 32 KiB).
     */
    public static final int MAX_HEADER_BYTES = 256 * 1024;
    private static final int PREFIX_BYTES = 8;

    private final int maxFrameBytes;
    private final FrameAdmission admission;

    // The frame being read once its header is decoded: either its body being filled, or body bytes to drop.
    private RemotingCommand header;
    private int frameBytes;
    private byte[] body;
    private int bodyFilled;
    /** Bytes still to drop: of a skipped body, or of a frame that was too long. */
    private long discarding;
    /** After a malformed frame nothing more can be trusted: everything is dropped until the connection closes. */
    private boolean failed;

    /** Reads every frame whole, counting nothing: a client's decoder. */
    public RemotingFrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, FrameAdmission.READ_ALL);
    }

    public RemotingFrameDecoder(int maxFrameBytes, FrameAdmission admission) {
        this.maxFrameBytes = maxFrameBytes;
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (failed) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (discarding > 0) {
                int dropped = (int) Math.min(discarding, in.readableBytes());
                in.skipBytes(dropped);
                discarding -= dropped;
            } else if (body != null) {
                int copied = Math.min(body.length - bodyFilled, in.readableBytes());
                in.readBytes(body, bodyFilled, copied);
                bodyFilled += copied;
                if (bodyFilled == body.length) {
                    out.add(new InboundFrame.Read(header.withBody(body), frameBytes));
                    header = null;
                    body = null;
                }
            } else if (!readHeader(in, out)) {
                return;
            }
        }
    }

    /** Reads the next frame's prefix and header if all of it is there; false when more bytes are needed. */
    private boolean readHeader(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return false;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        long total = length + 4;
        if (total > maxFrameBytes) {
            int present = (int) Math.min(total, in.readableBytes());
            in.skipBytes(present);
            discarding = total - present;
            throw new TooLongFrameException("frame of " + total + " bytes exceeds the limit of " + maxFrameBytes
                    + " - discarded");
        }
        if (length < 4) {
            throw malformed(in, "frame of " + length + " bytes has no header length");
        }
        if (in.readableBytes() < PREFIX_BYTES) {
            return false;
        }
        int typeAndLength = in.getInt(in.readerIndex() + 4);
        int headerLength;
        try {
            headerLength = CommandCodec.headerLength(typeAndLength, length - 4);
        } catch (MalformedFrameException e) {
            throw malformed(in, e);
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw malformed(in, "header of " + headerLength + " bytes exceeds the limit of " + MAX_HEADER_BYTES);
        }
        if (in.readableBytes() < PREFIX_BYTES + headerLength) {
            return false;
        }
        in.skipBytes(PREFIX_BYTES);
        RemotingCommand decoded;
        try {
            decoded = CommandCodec.decodeHeader(typeAndLength, in.readSlice(headerLength));
        } catch (MalformedFrameException e) {
            throw malformed(in, e);
        }
        int bodyLength = (int) (length - 4 - headerLength);
        if (admission.admit(decoded, (int) total)) {
            header = decoded;
            frameBytes = (int) total;
            body = new byte[bodyLength];
            bodyFilled = 0;
            if (bodyLength == 0) {
                out.add(new InboundFrame.Read(decoded, frameBytes));
                header = null;
                body = null;
            }
        } else {
            out.add(new InboundFrame.Skipped(decoded, (int) total));
            discarding = bodyLength;
        }
        return true;
    }

    private MalformedFrameException malformed(ByteBuf in, String message) {
        return malformed(in, new MalformedFrameException(message));
    }

    private MalformedFrameException malformed(ByteBuf in, MalformedFrameException cause) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return cause;
    }

    /** The connection is gone: a body still arriving belongs to no one, so its admission gets it back. */
    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (body != null) {
            RemotingCommand abandoned = header;
            header = null;
            body = null;
            admission.abandon(abandoned, frameBytes);
        }
    }
}
