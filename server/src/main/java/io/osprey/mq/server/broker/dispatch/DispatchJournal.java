package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.server.store.AppendResult;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.MessageToStore;
import io.osprey.mq.server.store.OwnedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the dispatcher writes what it must not forget: CommitLog records of type {@link DispatchRecord#TYPE},
 * durable per the store's flush mode when the future completes.
 */
public interface DispatchJournal {
    CompletableFuture<?> append(DispatchRecord record);

    /**
     * Writes a transaction's messages and its dispatch records as one batch: after a crash either all of them are in
     * the log or none is. Completes, with the messages' results, once the batch is durable per the flush mode.
     */
    CompletableFuture<List<AppendResult>> appendAtomically(List<MessageToStore> messages,
                                                           List<DispatchRecord> records);

    static DispatchJournal of(MessageStore store) {
        return new DispatchJournal() {
            @Override
            public CompletableFuture<?> append(DispatchRecord record) {
                return store.appendRecord(DispatchRecord.TYPE, DispatchRecord.encode(record));
            }

            @Override
            public CompletableFuture<List<AppendResult>> appendAtomically(List<MessageToStore> messages,
                                                                          List<DispatchRecord> records) {
                List<OwnedRecord> owned = new ArrayList<>(records.size());
                for (DispatchRecord record : records) {
                    owned.add(new OwnedRecord(DispatchRecord.TYPE, DispatchRecord.encode(record)));
                }
                return store.appendAtomically(messages, owned)
                        .thenApply(results -> results.subList(0, messages.size()));
            }
        };
    }
}
