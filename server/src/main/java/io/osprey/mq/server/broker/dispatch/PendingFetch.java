package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.Delivery;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A fetch held until a message is available for its consumer or its wait ends. */
record PendingFetch(int maxMessages, CompletableFuture<List<Delivery>> answer, ScheduledFuture<?> timeout) {
}
