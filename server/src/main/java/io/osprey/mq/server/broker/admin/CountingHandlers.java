package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.RequestHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Decorators that feed {@link BrokerStats} from the send and pull handlers' responses, so neither path knows
 * about statistics. Only what reached the client counts: failures and error codes do not.
 */
public final class CountingHandlers {
    private CountingHandlers() {
    }

    /**
     * Counts stored messages: one per id in the reply's {@code msgId} (a batch joins its ids with commas). A store
     * that answered FLUSH_DISK_TIMEOUT or a slave timeout still holds the message, as the stock broker counts it.
     */
    public static RequestHandler puts(BrokerStats stats, RequestHandler send) {
        return (channel, request) -> observe(send.handle(channel, request), response -> {
            if (stored(response.code())) {
                stats.onPut(messageIds(response.extFields().get("msgId")));
            }
        });
    }

    /** Counts messages delivered by pulls: the records in each SUCCESS reply's body. */
    public static RequestHandler gets(BrokerStats stats, RequestHandler pull) {
        return (channel, request) -> observe(pull.handle(channel, request), response -> {
            if (response.code() == ResponseCode.SUCCESS) {
                stats.onGet(records(response.body()));
            }
        });
    }

    private static CompletionStage<RemotingCommand> observe(CompletionStage<RemotingCommand> response,
                                                            java.util.function.Consumer<RemotingCommand> observer) {
        if (response == null) {
            return null;
        }
        return response.thenApply(answer -> {
            if (answer != null) {
                observer.accept(answer);
            }
            return answer;
        });
    }

    private static boolean stored(int code) {
        return code == ResponseCode.SUCCESS || code == ResponseCode.FLUSH_DISK_TIMEOUT
                || code == ResponseCode.FLUSH_SLAVE_TIMEOUT || code == ResponseCode.SLAVE_NOT_AVAILABLE;
    }

    static int messageIds(String msgId) {
        if (msgId == null || msgId.isEmpty()) {
            return 1;
        }
        int ids = 1;
        for (int i = 0; i < msgId.length(); i++) {
            if (msgId.charAt(i) == ',') {
                ids++;
            }
        }
        return ids;
    }

    /** V1 records back to back, each starting with its total size (reference §5.3). */
    static int records(byte[] body) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int count = 0;
        int position = 0;
        while (position + Integer.BYTES <= body.length) {
            int totalSize = buffer.getInt(position);
            if (totalSize <= 0) {
                break;
            }
            count++;
            position += totalSize;
        }
        return count;
    }
}
