package io.osprey.mq.protocol.transport;

import io.osprey.mq.protocol.command.RemotingCommand;
import java.util.concurrent.CompletionStage;

/**
 * Serves one request code. Runs on the executor it was registered with, never on a Netty event loop unless
 * registered with a direct executor, in which case it must not block.
 *
 * <p>Returns the response, possibly later (a held pull, a group-committed send); {@code null}, or a stage
 * completing with {@code null}, sends nothing. Responses to oneway requests are dropped. A
 * {@link RequestException} (thrown or as the stage's failure) answers with its code; other failures pass
 * through the server's {@link ErrorMapper}.
 *
 * <p>A returned stage must complete, sooner or later: until it does, the request's bytes stay counted in the server's
 * {@link InFlightBudget}. Keep only what the answer needs ({@link RemotingCommand#withoutBody()}) rather than the
 * request with its body while the stage is pending.
 */
@FunctionalInterface
public interface RequestHandler {
    CompletionStage<RemotingCommand> handle(RemotingChannel channel, RemotingCommand request) throws Exception;
}
