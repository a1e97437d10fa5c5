package io.osprey.mq.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run. {@link #resultLine()} is the machine-readable last line, {@code RESULT key=value ...}
 * with keys in a fixed order; throughputs in messages/s and MB/s (10^6 bytes of body), latencies in µs.
 */
record LoadReport(String label, int producers, int consumers, int sizeBytes, long producedMessages,
                  double producedSeconds, Histogram sendMicros, long consumedMessages, double consumedSeconds,
                  Histogram e2eMicros, long stale, long sendFailures, boolean ok, String failure) {

    double producedPerSecond() {
        return producedSeconds > 0 ? producedMessages / producedSeconds : 0;
    }

    double consumedPerSecond() {
        return consumedSeconds > 0 ? consumedMessages / consumedSeconds : 0;
    }

    private double megabytesPerSecond(double messagesPerSecond) {
        return messagesPerSecond * sizeBytes / 1_000_000.0;
    }

    Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("tool", "osprey-load");
        f.put("label", label);
        f.put("size", Integer.toString(sizeBytes));
        f.put("producers", Integer.toString(producers));
        f.put("consumers", Integer.toString(consumers));
        f.put("prod_msgs", Long.toString(producedMessages));
        f.put("prod_msg_s", format0(producedPerSecond()));
        f.put("prod_mb_s", format2(megabytesPerSecond(producedPerSecond())));
        f.put("send_p50_us", Long.toString(sendMicros.getValueAtPercentile(50)));
        f.put("send_p99_us", Long.toString(sendMicros.getValueAtPercentile(99)));
        f.put("send_max_us", Long.toString(sendMicros.getMaxValue()));
        f.put("cons_msgs", Long.toString(consumedMessages));
        f.put("cons_msg_s", format0(consumedPerSecond()));
        f.put("cons_mb_s", format2(megabytesPerSecond(consumedPerSecond())));
        f.put("e2e_p50_us", Long.toString(e2eMicros.getValueAtPercentile(50)));
        f.put("e2e_p99_us", Long.toString(e2eMicros.getValueAtPercentile(99)));
        f.put("e2e_p999_us", Long.toString(e2eMicros.getValueAtPercentile(99.9)));
        f.put("e2e_max_us", Long.toString(e2eMicros.getMaxValue()));
        f.put("stale", Long.toString(stale));
        f.put("send_failures", Long.toString(sendFailures));
        f.put("ok", Boolean.toString(ok));
        return f;
    }

    String resultLine() {
        StringBuilder line = new StringBuilder("RESULT");
        fields().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%s: %d producers x %d consumers, %d-byte bodies%n", label, producers, consumers,
                sizeBytes);
        out.printf(Locale.ROOT, "  produced  %,d msgs in %.2f s = %,.0f msg/s (%.2f MB/s); send p50 %,d us,"
                        + " p99 %,d us, max %,d us%n", producedMessages, producedSeconds, producedPerSecond(),
                megabytesPerSecond(producedPerSecond()), sendMicros.getValueAtPercentile(50),
                sendMicros.getValueAtPercentile(99), sendMicros.getMaxValue());
        out.printf(Locale.ROOT, "  consumed  %,d msgs in %.2f s = %,.0f msg/s (%.2f MB/s)%n", consumedMessages,
                consumedSeconds, consumedPerSecond(), megabytesPerSecond(consumedPerSecond()));
        out.printf(Locale.ROOT, "  end-to-end p50 %,d us, p99 %,d us, p99.9 %,d us, max %,d us%n",
                e2eMicros.getValueAtPercentile(50), e2eMicros.getValueAtPercentile(99),
                e2eMicros.getValueAtPercentile(99.9), e2eMicros.getMaxValue());
        if (stale > 0) {
            out.printf(Locale.ROOT, "  ignored %,d stale messages from other runs%n", stale);
        }
        if (failure != null) {
            out.println("  NOT OK: " + failure);
        }
        out.println(resultLine());
    }

    private static String format0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String format2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
