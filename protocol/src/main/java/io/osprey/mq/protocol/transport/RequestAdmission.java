package io.osprey.mq.protocol.transport;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.frame.FrameAdmission;

/**
 * A server's admission of inbound frames against its {@link InFlightBudget}: whatever fits is admitted; beyond the
 * limit, a request is refused or served by the {@link WhenBusy} of its code. Responses (to requests this server
 * sent) are always read: they were asked for.
 *
 * <p>Reading is not paused while the budget is exhausted: a refused body costs nothing (it is skipped, not
 * buffered), and stock clients share one connection per broker between producer, consumer and heartbeats, so a
 * paused connection would also hold back the pulls that drain the broker, and turn quick busy answers into send
 * timeouts, which close the connection on the stock client.
 */
final class RequestAdmission implements FrameAdmission {
    /**
     * Largest frame {@link WhenBusy#SERVE_IF_SMALL} serves beyond the limit: a pull is ~300 bytes, a heartbeat a
     * few KiB.
     */
    static final int CONTROL_FRAME_BYTES = 64 * 1024;

    private final InFlightBudget budget;
    private final HandlerTable handlers;

    RequestAdmission(InFlightBudget budget, HandlerTable handlers) {
        this.budget = budget;
        this.handlers = handlers;
    }

    @Override
    public boolean admit(RemotingCommand header, int frameBytes) {
        if (budget.tryAcquire(frameBytes)) {
            return true;
        }
        boolean served = header.isResponse() || (handlers.whenBusy(header.code()) == WhenBusy.SERVE_IF_SMALL
                && frameBytes <= CONTROL_FRAME_BYTES);
        if (served) {
            budget.acquire(frameBytes);
        }
        return served;
    }

    @Override
    public void abandon(RemotingCommand header, int frameBytes) {
        budget.release(frameBytes);
    }
}
