package io.osprey.mq.server.store;

/**
 * Where an appended message landed.
 *
 * @param physicalOffset its identity: {@link MessageStore#readMessage(long)} resolves it
 * @param queueOffset    its logical offset in its topic/queue
 * @param msgId          offset msgId (§5.6) of storeHost and physicalOffset
 * @param storeTimestamp broker clock when stored, epoch millis
 * @param wroteBytes     bytes the record takes in the CommitLog (frame included);
 *                       {@code physicalOffset + wroteBytes} is what {@link MessageStore#waitForOffset} waits for
 */
public record AppendResult(long physicalOffset, long queueOffset, String msgId, long storeTimestamp, int wroteBytes) {

    /** First CommitLog offset after this record. */
    public long endOffset() {
        return physicalOffset + wroteBytes;
    }
}
