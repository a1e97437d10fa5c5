package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.server.broker.dispatch.DispatchRecord.Position;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DispatchRecordTest {

    private static DispatchRecord roundTrip(DispatchRecord record) {
        return DispatchRecord.decode(ByteBuffer.wrap(DispatchRecord.encode(record)));
    }

    @Test
    void everyKindDecodesToWhatWasEncoded() {
        List<DispatchRecord> records = List.of(
                new DispatchRecord.Subscribed("sub:c1:orders", "orders", SubscriptionType.DURABLE, "a > 1", true,
                        Map.of(0, 5L, 1, 0L, 7, 123_456_789_012L)),
                new DispatchRecord.Subscribed("queue:q", "q", SubscriptionType.QUEUE, null, false, Map.of()),
                new DispatchRecord.Unsubscribed("sub:c1:orders"),
                new DispatchRecord.Done("queue:q", List.of(new Position(0, 1, 0), new Position(3, Long.MAX_VALUE, 0))),
                new DispatchRecord.Counted("queue:q", List.of(new Position(2, 9, 3))));
        for (DispatchRecord record : records) {
            assertThat(roundTrip(record)).isEqualTo(record);
        }
    }

    @Test
    void largeRecordsGrowTheirBuffer() {
        Random random = new Random(7);
        List<Position> positions = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            positions.add(new Position(random.nextInt(16), random.nextLong() & Long.MAX_VALUE, 1 + random.nextInt(9)));
        }
        DispatchRecord counted = new DispatchRecord.Counted("q".repeat(3_000), positions);
        assertThat(roundTrip(counted)).isEqualTo(counted);
    }

    @Test
    void truncatedOrUnknownBytesAreRefused() {
        byte[] bytes = DispatchRecord.encode(new DispatchRecord.Done("queue:q", List.of(new Position(0, 1, 0))));
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> DispatchRecord.decode(ByteBuffer.wrap(cut)))
                    .as("cut at %d", length).isInstanceOf(IllegalArgumentException.class);
        }
        bytes[0] = 99;
        byte[] unknown = bytes;
        assertThatThrownBy(() -> DispatchRecord.decode(ByteBuffer.wrap(unknown)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind 99");
    }
}
