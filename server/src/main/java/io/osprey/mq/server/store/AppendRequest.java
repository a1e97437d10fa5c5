package io.osprey.mq.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Frames to write together (one message, or a batch for one queue), and who to tell. */
record AppendRequest(List<PreparedFrame> frames, CompletableFuture<List<AppendResult>> future) {
}
