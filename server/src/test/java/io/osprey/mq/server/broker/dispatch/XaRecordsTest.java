package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.server.store.MessageToStore;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The XA dispatch records: each kind decodes to what was encoded; a truncated one is refused, never half read. */
class XaRecordsTest {
    private static final XaBranchId BRANCH = new XaBranchId(77, new byte[] {1, 2, 3}, new byte[] {9});

    private static DispatchRecord roundTrip(DispatchRecord record) {
        return DispatchRecord.decode(ByteBuffer.wrap(DispatchRecord.encode(record)));
    }

    private static XaRecords.Prepared prepared() {
        MessageToStore v4 = new MessageToStore("Out", 2, 5, "body".getBytes(StandardCharsets.UTF_8),
                "a\u0001b\u0002c\u0001é\u0002", 123, 0, 1_700_000_000_000L, new InetSocketAddress("127.0.0.1", 4321),
                0, 0L);
        MessageToStore v6 = new MessageToStore("T", 0, 0, new byte[0], "", 0, 0, 1L,
                new InetSocketAddress("::1", 1), 3, 0L);
        return new XaRecords.Prepared(BRANCH, 42L, List.of(new XaRecords.Consumed("queue:In", 0, 17, 2),
                new XaRecords.Consumed("sub:c:d", 3, Long.MAX_VALUE, 1)), List.of(v4, v6));
    }

    @Test
    void everyKindDecodesToWhatWasEncoded() {
        List<DispatchRecord> records = List.of(prepared(),
                new XaRecords.Prepared(BRANCH, 0, List.of(), List.of()),
                new XaRecords.Committed(BRANCH), new XaRecords.RolledBack(BRANCH));
        for (DispatchRecord record : records) {
            assertThat(roundTrip(record)).isEqualTo(record);
        }
    }

    @Test
    void aLargePreparedBranchGrowsItsBuffer() {
        MessageToStore big = new MessageToStore("Out", 0, 0, new byte[300_000], "p".repeat(70_000), 0, 0, 1L,
                new InetSocketAddress("127.0.0.1", 1), 0, 0L);
        XaRecords.Prepared record = new XaRecords.Prepared(BRANCH, 1, List.of(), List.of(big, big));

        assertThat(roundTrip(record)).isEqualTo(record);
    }

    @Test
    void truncatedRecordsAreRefused() {
        byte[] bytes = DispatchRecord.encode(prepared());
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> DispatchRecord.decode(ByteBuffer.wrap(cut)))
                    .as("cut at %d", length).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRecordNamingNoValidBranchIsRefused() {
        byte[] bytes = DispatchRecord.encode(new XaRecords.Committed(BRANCH));
        bytes[3] = 'x'; // inside the XID's text
        assertThatThrownBy(() -> DispatchRecord.decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
