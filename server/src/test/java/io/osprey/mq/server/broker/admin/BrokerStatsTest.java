package io.osprey.mq.server.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BrokerStatsTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            now = start;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T23:50:00Z"));
    private final BrokerStats stats = new BrokerStats(clock, ZoneOffset.UTC);

    @Test
    void ratesAreOverTheLastTenSixtyAndSixHundredSeconds() {
        for (int second = 0; second < 60; second++) {
            clock.advanceSeconds(1);
            stats.onPut(second < 50 ? 0 : 10);
            stats.onGet(6);
            stats.sample();
        }
        BrokerStats.Snapshot snapshot = stats.snapshot();
        // 100 puts, all in the last 10 s; 360 gets spread evenly; the 600 s window falls back to boot.
        assertThat(snapshot.putTps()).isEqualTo("10.00 1.67 1.67");
        assertThat(snapshot.getTps()).isEqualTo("6.00 6.00 6.00");
        assertThat(snapshot.putTotal()).isEqualTo(100);
        assertThat(snapshot.getTotal()).isEqualTo(360);
    }

    @Test
    void ratesBeforeAnySecondHasPassedAreZero() {
        stats.onPut(5);
        assertThat(stats.snapshot().putTps()).isEqualTo("0.00 0.00 0.00");
    }

    @Test
    void midnightRollsTheDayTotals() {
        stats.onPut(7);
        stats.onGet(3);
        clock.advanceSeconds(11 * 60);
        stats.sample();
        stats.onPut(2);

        BrokerStats.Snapshot firstDay = stats.snapshot();
        assertThat(firstDay.putTotalTodayMorning()).isEqualTo(7);
        assertThat(firstDay.putTotalYesterdayMorning()).isZero();
        assertThat(firstDay.getTotalTodayMorning()).isEqualTo(3);
        assertThat(firstDay.putTotal()).isEqualTo(9);

        clock.advanceSeconds(24 * 3600);
        stats.sample();
        BrokerStats.Snapshot secondDay = stats.snapshot();
        assertThat(secondDay.putTotalYesterdayMorning()).isEqualTo(7);
        assertThat(secondDay.putTotalTodayMorning()).isEqualTo(9);
    }

    @Test
    void countingHandlersCountBatchIdsAndPulledRecords() {
        assertThat(CountingHandlers.messageIds("A")).isEqualTo(1);
        assertThat(CountingHandlers.messageIds("A,B,C")).isEqualTo(3);
        byte[] twoRecords = new byte[20];
        java.nio.ByteBuffer.wrap(twoRecords).putInt(0, 12).putInt(12, 8);
        assertThat(CountingHandlers.records(twoRecords)).isEqualTo(2);
        assertThat(CountingHandlers.records(new byte[0])).isZero();
    }
}
