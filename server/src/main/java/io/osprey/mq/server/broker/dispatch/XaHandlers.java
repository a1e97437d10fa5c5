package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.transport.WhenBusy;
import io.osprey.mq.protocol.xa.XaBranchHeader;
import io.osprey.mq.protocol.xa.XaBranchIds;
import io.osprey.mq.protocol.xa.XaEndHeader;
import io.osprey.mq.protocol.xa.XaRecoverHeader;
import io.osprey.mq.protocol.xa.XaStartHeader;
import io.osprey.mq.server.store.MessageToStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The XA request codes, parsed and handed to the dispatcher's {@link XaBranches}. The sends an association hands over
 * at its end pass the checks of a plain send first ({@link TransactionHandlers#admitAll}); one that fails leaves its
 * branch able only to roll back.
 */
public final class XaHandlers {
    private final XaBranches branches;
    private final TransactionHandlers sends;

    public XaHandlers(Dispatcher dispatcher, TransactionHandlers sends) {
        this.branches = dispatcher.xa();
        this.sends = sends;
    }

    /** An end carries messages: beyond the in-flight budget it is refused unread, as a send is. */
    public void register(HandlerTable handlers, Executor executor) {
        handlers.register(RequestCode.XA_START, this::start, executor)
                .register(RequestCode.XA_END, this::end, executor, WhenBusy.REFUSE)
                .register(RequestCode.XA_PREPARE, this::prepare, executor)
                .register(RequestCode.XA_COMMIT, this::commit, executor)
                .register(RequestCode.XA_ROLLBACK, this::rollback, executor)
                .register(RequestCode.XA_FORGET, this::forget, executor)
                .register(RequestCode.XA_RECOVER, this::recover, executor);
    }

    private CompletionStage<RemotingCommand> start(RemotingChannel channel, RemotingCommand request) {
        XaStartHeader header = XaStartHeader.from(request.extFields());
        return branches.start(header.connectionId(), header.branch(), header.mode(), header.timeoutSeconds())
                .thenApply(done -> ok(request, Map.of()));
    }

    private CompletionStage<RemotingCommand> end(RemotingChannel channel, RemotingCommand request) {
        XaEndHeader header = XaEndHeader.from(request.extFields());
        TransactionWork work = request.body() == null ? new TransactionWork(List.of(), List.of())
                : TransactionWork.decode(request.body());
        List<MessageToStore> admitted = List.of();
        String refusal = null;
        try {
            admitted = sends.admitAll(work, channel);
        } catch (RequestException refused) {
            refusal = refused.getMessage();
        }
        RemotingCommand answerTo = request.withoutBody();
        return branches.end(header.connectionId(), header.branch(), header.mode(), header.stagedAs(), admitted,
                work.consumed(), refusal).thenApply(done -> ok(answerTo, Map.of()));
    }

    private CompletionStage<RemotingCommand> prepare(RemotingChannel channel, RemotingCommand request) {
        XaBranchHeader header = XaBranchHeader.from(request.extFields());
        return branches.prepare(header.connectionId(), header.branch())
                .thenApply(readOnly -> ok(request, Map.of(XaBranchHeader.READ_ONLY, readOnly.toString())));
    }

    private CompletionStage<RemotingCommand> commit(RemotingChannel channel, RemotingCommand request) {
        XaBranchHeader header = XaBranchHeader.from(request.extFields());
        return branches.commit(header.connectionId(), header.branch(), header.onePhase())
                .thenApply(done -> ok(request, Map.of()));
    }

    private CompletionStage<RemotingCommand> rollback(RemotingChannel channel, RemotingCommand request) {
        XaBranchHeader header = XaBranchHeader.from(request.extFields());
        return branches.rollback(header.connectionId(), header.branch()).thenApply(done -> ok(request, Map.of()));
    }

    private CompletionStage<RemotingCommand> forget(RemotingChannel channel, RemotingCommand request) {
        XaBranchHeader header = XaBranchHeader.from(request.extFields());
        return branches.forget(header.connectionId(), header.branch()).thenApply(done -> ok(request, Map.of()));
    }

    private CompletionStage<RemotingCommand> recover(RemotingChannel channel, RemotingCommand request) {
        XaRecoverHeader header = XaRecoverHeader.from(request.extFields());
        return branches.recover(header.connectionId())
                .thenApply(prepared -> RemotingCommand.success(request, Map.of(), XaBranchIds.encode(prepared)));
    }

    private static RemotingCommand ok(RemotingCommand request, Map<String, String> fields) {
        return RemotingCommand.success(request, fields, null);
    }
}
