package io.osprey.mq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the byte stream into frames and decodes each into a
 * {@link io.osprey.mq.protocol.command.RemotingCommand}.
 *
 * <p>{@code maxFrameBytes} counts the whole frame, the 4-byte length prefix included, as the stock
 * client and broker do (16 MiB). A too large length fails fast with a
 * {@link io.netty.handler.codec.TooLongFrameException} before any of the frame is buffered; so does a
 * "negative" one, since Netty reads a 4-byte length field unsigned. A frame whose contents do not parse raises
 * {@link MalformedFrameException}. Either way the pipeline's exception handler closes the connection.
 */
public final class RemotingFrameDecoder extends LengthFieldBasedFrameDecoder {

    public RemotingFrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes, 0, 4, 0, 4, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            return CommandCodec.decode(frame);
        } finally {
            frame.release();
        }
    }
}
