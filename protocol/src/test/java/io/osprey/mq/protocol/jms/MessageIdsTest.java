package io.osprey.mq.protocol.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * UNIQ_KEY ids in the stock client's {@code MessageClientIDSetter} layout: IP, pid (2 bytes), class-loader hash
 * (4), milliseconds since the month began (4), counter (2), uppercase hex.
 */
class MessageIdsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final byte[] IP = {10, 0, 0, 5};

    @Test
    void layoutIsIpPidLoaderHashTimeSinceMonthStartAndCounter() {
        long millis = LocalDateTime.of(2024, 3, 2, 0, 0, 1, 500_000_000).atZone(ZONE).toInstant().toEpochMilli();
        MessageIds ids = new MessageIds(IP, 0x1_2345L, 0xCAFEBABE, fixed(millis), new AtomicInteger(7));

        String id = ids.next();

        assertThat(id).hasSize(MessageIds.IPV4_LENGTH).matches("[0-9A-F]+");
        ByteBuffer bytes = ByteBuffer.wrap(HexFormat.of().parseHex(id));
        byte[] ip = new byte[4];
        bytes.get(ip);
        assertThat(ip).containsExactly(IP);
        assertThat(bytes.getShort()).isEqualTo((short) 0x2345);
        assertThat(bytes.getInt()).isEqualTo(0xCAFEBABE);
        assertThat(bytes.getInt()).isEqualTo(24 * 3600 * 1000 + 1500);
        assertThat(bytes.getShort()).isEqualTo((short) 7);
        assertThat(id).startsWith(ids.prefix()).startsWith("0A0000052345CAFEBABE");
    }

    @Test
    void anIpv6AddressMakesA56CharacterId() {
        byte[] ip6 = new byte[16];
        ip6[15] = 1;
        MessageIds ids = new MessageIds(ip6, 1, 2, fixed(0), new AtomicInteger());

        assertThat(ids.next()).hasSize(MessageIds.IPV6_LENGTH).startsWith("0000000000000000000000000000000100010000"
                + "0002");
    }

    @Test
    void theTimeFieldRestartsWithEachMonthInTheClocksZone() {
        AtomicLong now = new AtomicLong(LocalDateTime.of(2024, 1, 31, 23, 59, 59, 999_000_000).atZone(ZONE)
                .toInstant().toEpochMilli());
        MessageIds ids = new MessageIds(IP, 1, 2, ticking(now), new AtomicInteger());

        assertThat(timeField(ids.next())).isEqualTo(31L * 24 * 3600 * 1000 - 1);
        now.addAndGet(1);
        assertThat(timeField(ids.next())).isZero();
        now.addAndGet(60_000);
        assertThat(timeField(ids.next())).isEqualTo(60_000);
    }

    @Test
    void aClockThatGoesBackBeforeTheMonthStartsTheOlderMonth() {
        AtomicLong now = new AtomicLong(LocalDateTime.of(2024, 2, 1, 0, 0, 1).atZone(ZONE).toInstant()
                .toEpochMilli());
        MessageIds ids = new MessageIds(IP, 1, 2, ticking(now), new AtomicInteger());
        ids.next();

        now.addAndGet(-2_000);

        assertThat(timeField(ids.next())).isEqualTo(31L * 24 * 3600 * 1000 - 1_000);
    }

    @Test
    void theCounterWrapsAt65536() {
        MessageIds ids = new MessageIds(IP, 1, 2, fixed(0), new AtomicInteger(0xFFFF));

        assertThat(ids.next()).endsWith("FFFF");
        assertThat(ids.next()).endsWith("0000");
    }

    @Test
    void idsAreUniqueAcrossThreads() throws Exception {
        MessageIds ids = new MessageIds();
        int threads = 4;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<String>> task = () -> {
                    List<String> mine = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(ids.next());
                    }
                    return mine;
                };
                futures.add(pool.submit(task));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> f : futures) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDefaultInstanceUsesThisProcess() {
        MessageIds ids = new MessageIds();

        String id = ids.next();

        assertThat(id.length()).isIn(MessageIds.IPV4_LENGTH, MessageIds.IPV6_LENGTH);
        assertThat(id).matches("[0-9A-F]+");
        int ipHex = (id.length() - 24);
        assertThat(id.substring(ipHex, ipHex + 4))
                .isEqualTo(String.format("%04X", ProcessHandle.current().pid() & 0xFFFF));
        assertThat(id.substring(ipHex + 4, ipHex + 12))
                .isEqualTo(String.format("%08X", MessageIds.class.getClassLoader().hashCode()));
    }

    @Test
    void defaultInstancesShareOneCounterSoTheyNeverRepeatEachOther() {
        MessageIds first = new MessageIds();
        MessageIds second = new MessageIds();

        String a = first.next();
        String b = second.next();

        assertThat(first.prefix()).isEqualTo(second.prefix());
        assertThat(counterField(b)).isEqualTo((counterField(a) + 1) & 0xFFFF);
    }

    private static int counterField(String id) {
        return Integer.parseInt(id.substring(id.length() - 4), 16);
    }

    private static long timeField(String id) {
        return Long.parseLong(id.substring(id.length() - 12, id.length() - 4), 16);
    }

    private static Clock fixed(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZONE);
    }

    private static Clock ticking(AtomicLong now) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZONE;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }

            @Override
            public long millis() {
                return now.get();
            }
        };
    }

    @Test
    void theMonthIsTheClocksNotUtc() {
        // 2024-03-01T00:30 in Paris is still February in UTC.
        long millis = LocalDateTime.of(2024, 3, 1, 0, 30).atZone(ZONE).toInstant().toEpochMilli();
        assertThat(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).getMonthValue())
                .isEqualTo(2);

        assertThat(timeField(new MessageIds(IP, 1, 2, fixed(millis), new AtomicInteger()).next()))
                .isEqualTo(30 * 60 * 1000);
    }
}
