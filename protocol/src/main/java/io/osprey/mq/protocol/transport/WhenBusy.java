package io.osprey.mq.protocol.transport;

/**
 * What a request gets when its frame does not fit in the server's {@link InFlightBudget}; chosen per request code
 * when its handler is registered.
 */
public enum WhenBusy {
    /**
     * Answered SYSTEM_BUSY at once, its body dropped unread: requests that only add to what is in flight (sends).
     * Producers retry them, the 5.x client on its own.
     */
    REFUSE,
    /**
     * Served anyway when its frame is small (64 KiB at most; refused like {@link #REFUSE} when larger): the control
     * traffic — pulls, heartbeats, offsets — that lets clients go on draining what is in flight while producers are
     * held back.
     */
    SERVE_IF_SMALL
}
