package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.MessageStoreAppendTest.readAll;
import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.server.common.Disk;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CommitLog records other than messages: routed to their owner, validated, and never cut off when unknown. */
class TypedRecordTest {
    private static final short JMS_ACK = 99;

    @TempDir
    Path root;

    private record Seen(long offset, String payload) {
    }

    private static RecordOwner recording(List<Seen> seen) {
        return (offset, payload) -> {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            seen.add(new Seen(offset, new String(bytes, StandardCharsets.UTF_8)));
        };
    }

    private MessageStore open(RecordTypes types) throws Exception {
        MessageStore store = MessageStore.open(StoreFixture.config(root), StoreFixture.STORE_HOST, Clock.systemUTC(),
                Disk.local(), types);
        store.start();
        return store;
    }

    @Test
    void anOwnersRecordsReachItInLogOrderBesideMessagesAndAgainAfterACrash() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AppendResult ack;
        try (MessageStore store = open(RecordTypes.storeOnly().with(JMS_ACK, recording(seen)))) {
            await(store.append(message("T", 0, "m0")));
            ack = await(store.appendRecord(JMS_ACK, "ack m0".getBytes(StandardCharsets.UTF_8)));
            await(store.append(message("T", 0, "m1")));
            await().until(() -> seen.size() == 1);
            assertThat(seen).containsExactly(new Seen(ack.physicalOffset(), "ack m0"));
            assertThat(readAll(store, "T", 0)).containsExactly("m0", "m1");
            assertThat(store.readMessage(ack.physicalOffset())).as("a record is not a message").isEmpty();
            assertThatThrownBy(() -> store.appendRecord((short) 98, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        Files.delete(root.resolve(DispatchCheckpoint.FILE_NAME));
        Files.delete(root.resolve(CleanShutdownMarker.FILE_NAME));

        List<Seen> replayed = new CopyOnWriteArrayList<>();
        try (MessageStore store = open(RecordTypes.storeOnly().with(JMS_ACK, recording(replayed)))) {
            assertThat(replayed).as("re-dispatched from the CommitLog, with the same identity")
                    .containsExactly(new Seen(ack.physicalOffset(), "ack m0"));
            assertThat(readAll(store, "T", 0)).containsExactly("m0", "m1");
        }
    }

    @Test
    void anIntactRecordOfAnUnknownTypeStopsTheStoreAndIsNeverTruncated() throws Exception {
        long end;
        try (MessageStore store = open(RecordTypes.storeOnly())) {
            end = await(store.append(message("T", 0, "m0"))).endOffset();
        }
        // what a newer version would have appended after it, then crashed
        ByteBuffer frame = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH + 5);
        FrameLayout.putHeader(frame, 0, frame.capacity(), JMS_ACK, 0);
        frame.put(FrameLayout.PAYLOAD_OFFSET, "newer".getBytes(StandardCharsets.UTF_8));
        FrameLayout.seal(frame, 0);
        Path segment = root.resolve("commitlog").resolve(CommitLog.fileName(0));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(frame, end);
        }
        Files.delete(root.resolve(CleanShutdownMarker.FILE_NAME));
        byte[] before = Files.readAllBytes(segment);

        assertThatThrownBy(() -> open(RecordTypes.storeOnly()))
                .isInstanceOf(UnknownRecordTypeException.class)
                .hasMessageContaining("physical offset " + end)
                .hasMessageContaining("type " + JMS_ACK);
        assertThat(Files.readAllBytes(segment)).as("nothing cut off").isEqualTo(before);

        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (MessageStore store = open(RecordTypes.storeOnly().with(JMS_ACK, recording(seen)))) {
            assertThat(store.recoveryReport().truncatedBytes()).isZero();
            assertThat(store.recoveryReport().commitLogEnd()).isEqualTo(end + frame.capacity());
            assertThat(seen).containsExactly(new Seen(end, "newer"));
        }
    }

    @Test
    void aTornRecordOfAnUnknownTypeIsCutOffLikeAnyTornRecord() throws Exception {
        long end;
        try (MessageStore store = open(RecordTypes.storeOnly())) {
            end = await(store.append(message("T", 0, "m0"))).endOffset();
        }
        ByteBuffer frame = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH + 5);
        FrameLayout.putHeader(frame, 0, frame.capacity(), JMS_ACK, 0);
        FrameLayout.seal(frame, 0);
        frame.put(FrameLayout.PAYLOAD_OFFSET, (byte) 1); // after the CRC: torn
        Path segment = root.resolve("commitlog").resolve(CommitLog.fileName(0));
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(frame, end);
        }
        Files.delete(root.resolve(CleanShutdownMarker.FILE_NAME));

        try (MessageStore store = open(RecordTypes.storeOnly())) {
            assertThat(store.recoveryReport().commitLogEnd()).isEqualTo(end);
            assertThat(store.recoveryReport().truncationReason()).contains("CRC");
            assertThat(readAll(store, "T", 0)).containsExactly("m0");
        }
    }

    @Test
    void ownerTypesBelowSixteenAreTheStoresOwn() {
        assertThatThrownBy(() -> RecordTypes.storeOnly().with((short) 4, (o, p) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordTypes.storeOnly().with(JMS_ACK, (o, p) -> { }).with(JMS_ACK, (o, p) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
