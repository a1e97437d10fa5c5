package io.osprey.mq.server.broker.admin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages put and got since boot, their rates over the last 10 s, 60 s and 600 s, and the totals at the last two
 * midnights, as GET_BROKER_RUNTIME_INFO reports them ({@code putTps}, {@code msgPutTotalTodayMorning}…).
 *
 * <p>The send and pull paths call {@link #onPut(int)} / {@link #onGet(int)} (through {@link CountingHandlers}):
 * two {@link LongAdder}s, no lock. {@link #sample()} runs once a second on the broker's scheduler and keeps a
 * ring of the last {@value #WINDOW_SECONDS} seconds of totals, so a rate is the difference between now and the
 * sample a window ago — the stock broker's StoreStatsService does the same. Before a window has elapsed since
 * boot, the rate is taken over the time since boot.
 */
public final class BrokerStats {
    static final int WINDOW_SECONDS = 600;
    private static final int[] RATE_WINDOWS_SECONDS = {10, 60, WINDOW_SECONDS};

    private final Clock clock;
    private final ZoneId zone;
    private final long bootMillis;
    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();

    // guarded by this
    private final Sample[] ring = new Sample[WINDOW_SECONDS + 2];
    private int newest = -1;
    private int size;
    private long day;
    private long putTodayMorning;
    private long putYesterdayMorning;
    private long getTodayMorning;
    private long getYesterdayMorning;

    private record Sample(long millis, long puts, long gets) {
    }

    public BrokerStats(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.bootMillis = clock.millis();
        this.day = LocalDate.ofInstant(clock.instant(), zone).toEpochDay();
        sample();
    }

    public void onPut(int messages) {
        puts.add(messages);
    }

    public void onGet(int messages) {
        gets.add(messages);
    }

    public long bootMillis() {
        return bootMillis;
    }

    /** Records the current totals; call once a second. At the first sample of a new day, rolls the day totals. */
    public synchronized void sample() {
        long now = clock.millis();
        Sample sample = new Sample(now, puts.sum(), gets.sum());
        newest = (newest + 1) % ring.length;
        ring[newest] = sample;
        size = Math.min(size + 1, ring.length);
        long today = LocalDate.ofInstant(clock.instant(), zone).toEpochDay();
        if (today != day) {
            day = today;
            putYesterdayMorning = putTodayMorning;
            getYesterdayMorning = getTodayMorning;
            putTodayMorning = sample.puts();
            getTodayMorning = sample.gets();
        }
    }

    /** The counters now, with rates over the three windows. */
    public synchronized Snapshot snapshot() {
        long now = clock.millis();
        long putTotal = puts.sum();
        long getTotal = gets.sum();
        double[] putRates = new double[RATE_WINDOWS_SECONDS.length];
        double[] getRates = new double[RATE_WINDOWS_SECONDS.length];
        for (int i = 0; i < RATE_WINDOWS_SECONDS.length; i++) {
            Sample base = sampleAtOrBefore(now - RATE_WINDOWS_SECONDS[i] * 1000L);
            long elapsedMillis = now - base.millis();
            putRates[i] = elapsedMillis <= 0 ? 0 : (putTotal - base.puts()) * 1000.0 / elapsedMillis;
            getRates[i] = elapsedMillis <= 0 ? 0 : (getTotal - base.gets()) * 1000.0 / elapsedMillis;
        }
        return new Snapshot(putTotal, getTotal, putTodayMorning, putYesterdayMorning, getTodayMorning,
                getYesterdayMorning, formatRates(putRates), formatRates(getRates));
    }

    /** The newest sample taken at or before {@code millis}, or the oldest one kept when all are newer. */
    private Sample sampleAtOrBefore(long millis) {
        Sample candidate = null;
        for (int back = 0; back < size; back++) {
            Sample sample = ring[Math.floorMod(newest - back, ring.length)];
            candidate = sample;
            if (sample.millis() <= millis) {
                break;
            }
        }
        return candidate;
    }

    /** {@code "x.xx y.yy z.zz"}; always with a decimal point, as the admin tool parses it with parseDouble. */
    private static String formatRates(double[] rates) {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", rates[0], rates[1], rates[2]);
    }

    /**
     * Totals and rates at one moment.
     *
     * @param putTps {@code "10s 60s 600s"} messages stored per second
     * @param getTps {@code "10s 60s 600s"} messages delivered by pulls per second
     */
    public record Snapshot(long putTotal, long getTotal, long putTotalTodayMorning, long putTotalYesterdayMorning,
                           long getTotalTodayMorning, long getTotalYesterdayMorning, String putTps,
                           String getTps) {
    }
}
