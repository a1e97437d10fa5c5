package io.osprey.mq.server.broker.lock;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.LockBatchRequestBody;
import io.osprey.mq.protocol.body.LockBatchResponseBody;
import io.osprey.mq.protocol.body.MessageQueue;
import io.osprey.mq.protocol.body.UnlockBatchRequestBody;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.broker.client.ConsumerClient;
import io.osprey.mq.server.broker.client.ConsumerRegistry;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42) over {@link QueueLocks}.
 *
 * <p>A BROADCASTING client gets every queue it asks for and nothing is recorded: each member of a broadcasting
 * group consumes every queue, yet 4.9 orderly clients still lock each newly assigned queue and skip it unless
 * granted (reference §8.5), so several holders must be allowed. The model is the one the client's last heartbeat
 * declared; a client the broker has not heard from yet is treated as clustering, the safe choice.
 */
public final class QueueLockHandlers {
    private static final String BROADCASTING = "BROADCASTING";

    private final QueueLocks locks;
    private final ConsumerRegistry consumers;

    public QueueLockHandlers(QueueLocks locks, ConsumerRegistry consumers) {
        this.locks = locks;
        this.consumers = consumers;
    }

    public CompletionStage<RemotingCommand> lock(RemotingChannel channel, RemotingCommand request) {
        LockBatchRequestBody body = JsonBodies.decode(request.body(), LockBatchRequestBody.class);
        requireIdentity(body.consumerGroup(), body.clientId());
        Set<MessageQueue> granted = broadcasting(body.consumerGroup(), body.clientId())
                ? body.mqSet()
                : locks.tryLock(body.consumerGroup(), body.clientId(), body.mqSet());
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null,
                JsonBodies.encode(new LockBatchResponseBody(granted))));
    }

    public CompletionStage<RemotingCommand> unlock(RemotingChannel channel, RemotingCommand request) {
        UnlockBatchRequestBody body = JsonBodies.decode(request.body(), UnlockBatchRequestBody.class);
        requireIdentity(body.consumerGroup(), body.clientId());
        locks.unlock(body.consumerGroup(), body.clientId(), body.mqSet());
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }

    private boolean broadcasting(String group, String clientId) {
        return consumers.clients(group).stream()
                .filter(client -> client.clientId().equals(clientId))
                .map(ConsumerClient::messageModel)
                .anyMatch(BROADCASTING::equals);
    }

    private static void requireIdentity(String group, String clientId) {
        if (group == null || group.isEmpty() || clientId == null || clientId.isEmpty()) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "lock body needs consumerGroup and clientId");
        }
    }
}
