package io.osprey.mq.server.broker.retry;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** GET_ALL_DELAY_OFFSET (45): the delay scheduler's progress, {@code {"offsetTable":{"1":offset,…}}}. */
public final class DelayOffsetHandler implements RequestHandler {
    private final DelayScheduler scheduler;

    public DelayOffsetHandler(DelayScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public CompletionStage<RemotingCommand> handle(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null,
                JsonBodies.encode(scheduler.offsets())));
    }
}
