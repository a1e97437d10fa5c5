package io.osprey.mq.protocol.transport;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;
import io.osprey.mq.protocol.command.RemotingCommand;
import java.util.Map;

/**
 * Sizes outbound {@link RemotingCommand}s for Netty's write accounting. Netty's default knows only buffers and
 * counts any other message as 8 bytes, so a 4 MiB pull answer handed to the channel from a handler thread would not
 * make the channel unwritable until the encoder ran; with this estimate it does so the moment it is written.
 */
final class CommandSizeEstimator implements MessageSizeEstimator {
    static final CommandSizeEstimator INSTANCE = new CommandSizeEstimator();

    private static final int FIXED_HEADER_BYTES = 64;
    private final Handle handle = new Handle() {
        @Override
        public int size(Object message) {
            return message instanceof RemotingCommand command ? bytes(command)
                    : DefaultMessageSizeEstimator.DEFAULT.newHandle().size(message);
        }
    };

    private CommandSizeEstimator() {
    }

    /** Roughly the encoded frame: body, remark and extFields plus the fixed fields. */
    static int bytes(RemotingCommand command) {
        long size = FIXED_HEADER_BYTES + command.body().length;
        if (command.remark() != null) {
            size += command.remark().length();
        }
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            size += 8 + field.getKey().length() + (field.getValue() == null ? 0 : field.getValue().length());
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    @Override
    public Handle newHandle() {
        return handle;
    }
}
