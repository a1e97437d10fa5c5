package io.osprey.mq.protocol.body;

/** A version stamp of a broker's topic table: bumped on every change, compared by the NameServer. */
public record DataVersion(long timestamp, long counter) {
    public DataVersion next(long nowMillis) {
        return new DataVersion(nowMillis, counter + 1);
    }
}
