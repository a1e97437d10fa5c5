package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.server.store.MessageStore;
import java.util.concurrent.CompletableFuture;

/**
 * Where the dispatcher writes what it must not forget: CommitLog records of type {@link DispatchRecord#TYPE},
 * durable per the store's flush mode when the future completes.
 */
@FunctionalInterface
public interface DispatchJournal {
    CompletableFuture<?> append(DispatchRecord record);

    static DispatchJournal of(MessageStore store) {
        return record -> store.appendRecord(DispatchRecord.TYPE, DispatchRecord.encode(record));
    }
}
