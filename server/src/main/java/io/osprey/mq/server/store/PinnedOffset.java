package io.osprey.mq.server.store;

/**
 * What a {@link MessageStore#pinRetentionWithReason retention pin} keeps now: every CommitLog segment holding an
 * offset at or above {@code keepFromOffset}, and, for retention's logs, why.
 *
 * @param keepFromOffset physical offset from which the log is kept; {@link Long#MAX_VALUE} keeps nothing
 * @param reason         who needs that offset, named in retention's logs (e.g. the JMS subscription holding the
 *                       oldest message); empty when the pin has nothing to add to its name
 */
public record PinnedOffset(long keepFromOffset, String reason) {
    public PinnedOffset {
        if (keepFromOffset < 0) {
            throw new IllegalArgumentException("keepFromOffset < 0: " + keepFromOffset);
        }
        reason = reason == null ? "" : reason;
    }
}
