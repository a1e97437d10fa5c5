package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.KVTable;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RemotingVersion;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.server.store.MessageStore;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * GET_BROKER_RUNTIME_INFO (mqadmin clusterList, brokerStatus): a string table whose keys and value formats are the
 * stock broker's, because the tool parses some of them ({@code putTps} with parseDouble, the day totals with
 * parseLong, {@code earliestMessageTimeStamp}, {@code commitLogDiskRatio}). Keys whose value this broker does not
 * measure (page-cache lock time, queue head wait times, dispatch lag) are left out rather than reported as 0; the
 * tool prints "null" for them.
 */
public final class RuntimeInfoHandler {
    private final BrokerStats stats;
    private final MessageStore store;
    private final Path storeRoot;
    private final ExecutorService sendExecutor;
    private final ExecutorService pullExecutor;
    private final Clock clock;

    public RuntimeInfoHandler(BrokerStats stats, MessageStore store, Path storeRoot, ExecutorService sendExecutor,
                              ExecutorService pullExecutor, Clock clock) {
        this.stats = stats;
        this.store = store;
        this.storeRoot = storeRoot;
        this.sendExecutor = sendExecutor;
        this.pullExecutor = pullExecutor;
        this.clock = clock;
    }

    public CompletionStage<RemotingCommand> runtimeInfo(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null,
                JsonBodies.encode(new KVTable(table()))));
    }

    Map<String, String> table() {
        Map<String, String> table = new TreeMap<>();
        table.put("brokerVersionDesc", RemotingVersion.CURRENT_DESC);
        table.put("brokerVersion", Integer.toString(RemotingVersion.CURRENT));
        table.put("brokerActive", "true");

        BrokerStats.Snapshot snapshot = stats.snapshot();
        table.put("putTps", snapshot.putTps());
        // 4.9's tool reads the misspelt key, 5.x's the corrected one.
        table.put("getTransferedTps", snapshot.getTps());
        table.put("getTransferredTps", snapshot.getTps());
        table.put("msgPutTotalTodayNow", Long.toString(snapshot.putTotal()));
        table.put("msgPutTotalTodayMorning", Long.toString(snapshot.putTotalTodayMorning()));
        table.put("msgPutTotalYesterdayMorning", Long.toString(snapshot.putTotalYesterdayMorning()));
        table.put("msgGetTotalTodayNow", Long.toString(snapshot.getTotal()));
        table.put("msgGetTotalTodayMorning", Long.toString(snapshot.getTotalTodayMorning()));
        table.put("msgGetTotalYesterdayMorning", Long.toString(snapshot.getTotalYesterdayMorning()));

        long now = clock.millis();
        table.put("bootTimestamp", Long.toString(stats.bootMillis()));
        table.put("runtime", runtime(now - stats.bootMillis()));

        long minOffset = store.commitLogMinOffset();
        table.put("commitLogMinOffset", Long.toString(minOffset));
        table.put("commitLogMaxOffset", Long.toString(store.commitLogMaxOffset()));
        store.readMessage(minOffset).ifPresent(oldest ->
                table.put("earliestMessageTimeStamp", Long.toString(oldest.storeTimestamp())));

        File root = storeRoot.toFile();
        long total = root.getTotalSpace();
        if (total > 0) {
            long free = root.getUsableSpace();
            table.put("commitLogDirCapacity", "Total : " + humanBytes(total) + ", Free : " + humanBytes(free) + ".");
            table.put("commitLogDiskRatio", String.format(Locale.ROOT, "%.4f", (total - free) / (double) total));
        }

        queueSize(sendExecutor).ifPresent(size -> table.put("sendThreadPoolQueueSize", Integer.toString(size)));
        queueSize(pullExecutor).ifPresent(size -> table.put("pullThreadPoolQueueSize", Integer.toString(size)));
        return table;
    }

    /** {@code [ 0 days, 1 hours, 2 minutes, 3 seconds ]}, the stock format. */
    static String runtime(long uptimeMillis) {
        long seconds = uptimeMillis / 1000;
        return String.format(Locale.ROOT, "[ %d days, %d hours, %d minutes, %d seconds ]", seconds / 86_400,
                seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60);
    }

    /** Binary units with one decimal, as the stock broker's humanReadableByteCount(bytes, false): "46.7 GiB". */
    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int exponent = (int) (Math.log(bytes) / Math.log(1024));
        exponent = Math.min(exponent, 6);
        return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, exponent),
                "KMGTPE".charAt(exponent - 1));
    }

    private static java.util.OptionalInt queueSize(ExecutorService executor) {
        return executor instanceof ThreadPoolExecutor pool ? java.util.OptionalInt.of(pool.getQueue().size())
                : java.util.OptionalInt.empty();
    }
}
