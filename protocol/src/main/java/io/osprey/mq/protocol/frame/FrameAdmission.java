package io.osprey.mq.protocol.frame;

import io.osprey.mq.protocol.command.RemotingCommand;

/**
 * Decides, once a frame's header is decoded and before any of its body is buffered, whether the
 * {@link RemotingFrameDecoder} reads the body or skips it. A server uses this to keep the bytes it holds for
 * requests within a budget: a refused body is dropped as it arrives, so it never costs memory.
 *
 * <p>Both methods run on the channel's event loop and must not block.
 */
public interface FrameAdmission {
    /** Reads every body and counts nothing: what clients use. */
    FrameAdmission READ_ALL = (header, frameBytes) -> true;

    /**
     * @param header     the frame's command, without its body
     * @param frameBytes the whole frame, length prefix included
     * @return true to read the body (the frame is then emitted as {@link InboundFrame.Read}, and whatever the
     *         admission reserved for it belongs to the handler of that frame), false to skip it (emitted at once as
     *         {@link InboundFrame.Skipped})
     */
    boolean admit(RemotingCommand header, int frameBytes);

    /**
     * The connection closed while the body of a frame {@link #admit} accepted was still arriving: that frame will
     * never be emitted, so what was reserved for it comes back here.
     */
    default void abandon(RemotingCommand header, int frameBytes) {
    }
}
