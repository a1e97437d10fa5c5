package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure core of recovery, over bytes in memory. */
class SegmentScanTest {
    private static final int SEGMENT = 4096;

    private final byte[] segment = new byte[SEGMENT];
    private final List<Integer> starts = new ArrayList<>();
    private int end;

    /** Frames the way the writer does: prepared, then offsets assigned and sealed. */
    private void append(int count) {
        for (int i = 0; i < count; i++) {
            PreparedFrame frame = PreparedFrame.message(message("T", 0, "body-" + i, "tag"),
                    StoreFixture.STORE_HOST, FrameLayout.maxFrameLength(SEGMENT));
            frame.assign(i, end, 1_000 + i);
            frame.frame().get(0, segment, end, frame.length());
            starts.add(end);
            end += frame.length();
        }
    }

    private SegmentScan scan(byte[] bytes, int fileLength) throws IOException {
        FrameChecker.PositionalReader reader = (dst, position) -> {
            int n = (int) Math.max(0, Math.min(dst.remaining(), fileLength - position));
            dst.put(bytes, (int) position, n);
            return n;
        };
        return SegmentScan.scan(new FrameChecker(reader, SEGMENT), 0, RecordTypes.storeOnly()::known);
    }

    @Test
    void wholeFramesFollowedByZerosEndCleanly() throws IOException {
        append(5);

        SegmentScan scan = scan(segment, SEGMENT);

        assertThat(scan.outcome()).isEqualTo(SegmentScan.Outcome.END_OF_DATA);
        assertThat(scan.validEnd()).isEqualTo(end);
        assertThat(scan.frames()).isEqualTo(5);
        assertThat(scan.lastFrameStart()).isEqualTo(starts.get(4));
    }

    @Test
    void anyFlippedBitInTheLastFrameStopsTheScanBeforeIt() throws IOException {
        append(5);
        int last = starts.get(4);
        for (int at = last; at < end; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = segment.clone();
                damaged[at] ^= (byte) (1 << bit);

                SegmentScan scan = scan(damaged, SEGMENT);

                assertThat(scan.validEnd()).as("byte %d bit %d", at - last, bit).isEqualTo(last);
                assertThat(scan.frames()).isEqualTo(4);
                assertThat(scan.outcome()).isEqualTo(SegmentScan.Outcome.TORN);
                assertThat(scan.reason()).isNotBlank();
            }
        }
    }

    @Test
    void aFileEndingAnywhereInsideTheLastFrameStopsTheScanBeforeIt() throws IOException {
        append(5);
        int last = starts.get(4);
        for (int cut = last; cut < end; cut++) {
            SegmentScan scan = scan(segment, cut);

            assertThat(scan.validEnd()).as("cut at %d", cut - last).isEqualTo(last);
            assertThat(scan.frames()).isEqualTo(4);
        }
    }

    @Test
    void theLastFrameZeroedFromAnyByteOnStopsTheScanBeforeIt() throws IOException {
        append(5);
        int last = starts.get(4);
        for (int from = last; from < end; from++) {
            byte[] torn = segment.clone();
            java.util.Arrays.fill(torn, from, end, (byte) 0);

            assertThat(scan(torn, SEGMENT).validEnd()).as("zeroed from %d", from - last).isEqualTo(last);
        }
    }

    @Test
    void anEndOfSegmentMarkerEndsTheSegment() throws IOException {
        append(2);
        ByteBuffer buf = ByteBuffer.wrap(segment);
        FrameLayout.putHeader(buf, end, SEGMENT - end, FrameLayout.TYPE_END_OF_SEGMENT, 0);
        FrameLayout.seal(buf, end);

        SegmentScan scan = scan(segment, SEGMENT);

        assertThat(scan.outcome()).isEqualTo(SegmentScan.Outcome.END_OF_SEGMENT);
        assertThat(scan.validEnd()).isEqualTo(SEGMENT);
        assertThat(scan.frames()).isEqualTo(3);
    }

    @Test
    void garbageWhereAHeaderShouldBeIsTorn() throws IOException {
        append(1);
        segment[end] = 0x42;

        SegmentScan scan = scan(segment, SEGMENT);

        assertThat(scan.outcome()).isEqualTo(SegmentScan.Outcome.TORN);
        assertThat(scan.validEnd()).isEqualTo(end);
    }
}
