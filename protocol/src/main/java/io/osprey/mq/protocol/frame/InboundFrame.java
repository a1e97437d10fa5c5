package io.osprey.mq.protocol.frame;

import io.osprey.mq.protocol.command.RemotingCommand;
import java.util.Objects;

/** What the {@link RemotingFrameDecoder} emits for each frame, depending on what its {@link FrameAdmission} said. */
public sealed interface InboundFrame {
    /** The command; without body when {@link Skipped}. */
    RemotingCommand command();

    /** Size of the whole frame on the wire, length prefix included. */
    int frameBytes();

    /** The frame, body and all. */
    record Read(RemotingCommand command, int frameBytes) implements InboundFrame {
        public Read {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * A frame whose body the admission refused: emitted as soon as its header is decoded, while its body is
     * dropped as it arrives, so that the peer can be answered at once.
     */
    record Skipped(RemotingCommand command, int frameBytes) implements InboundFrame {
        public Skipped {
            Objects.requireNonNull(command, "command");
        }
    }
}
