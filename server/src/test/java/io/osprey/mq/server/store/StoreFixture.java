package io.osprey.mq.server.store;

import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.server.config.FlushDiskType;
import io.osprey.mq.server.config.StoreConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Small segments and helpers shared by the store tests. */
final class StoreFixture {
    static final int SEGMENT_BYTES = 64 * 1024;
    static final int CQ_ENTRIES = 64;
    static final InetSocketAddress STORE_HOST = address("10.0.0.1", 10911);
    static final InetSocketAddress BORN_HOST = address("10.0.0.5", 51000);

    private StoreFixture() {
    }

    static StoreConfig config(Path root, FlushDiskType flush) {
        return new StoreConfig(root, SEGMENT_BYTES, CQ_ENTRIES, flush, 10, 5_000, 72, 75, 60_000, 256 * 1024, 32);
    }

    static StoreConfig config(Path root) {
        return config(root, FlushDiskType.ASYNC_FLUSH);
    }

    static StoreTuning tuning(Path root, Clock clock) {
        return StoreTuning.defaults(root).withClock(clock).withDiskUsedPercent(() -> 0);
    }

    /** Tuning for a store on a power-cut disk: no disk-usage retention, checkpoints every {@code intervalMillis}. */
    static StoreTuning tuning(io.osprey.mq.server.common.Disk disk, long checkpointIntervalMillis) {
        return StoreTuning.defaults(Path.of(".")).withDisk(disk).withDiskUsedPercent(() -> 0)
                .withCheckpointIntervalMillis(checkpointIntervalMillis);
    }

    static MessageStore openStarted(Path root) throws IOException {
        MessageStore store = MessageStore.open(config(root), STORE_HOST);
        store.start();
        return store;
    }

    static MessageToStore message(String topic, int queueId, String body) {
        return message(topic, queueId, body, null);
    }

    static MessageToStore message(String topic, int queueId, String body, String tags) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, String.format("U-%08X", body.hashCode()));
        if (tags != null) {
            props.put(MessageConst.TAGS, tags);
        }
        return new MessageToStore(topic, queueId, 0, body.getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(props), MessageToStore.tagsCodeOf(tags), 0, 1_700_000_000_000L, BORN_HOST,
                0, 0);
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete normally", e);
        }
    }

    static String body(io.osprey.mq.protocol.message.MessageRecord record) {
        return new String(record.body(), StandardCharsets.UTF_8);
    }

    private static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
