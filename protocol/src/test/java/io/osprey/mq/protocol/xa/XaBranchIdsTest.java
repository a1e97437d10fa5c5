package io.osprey.mq.protocol.xa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The XA_RECOVER answer's body: what it writes it reads back; every truncation or corruption is refused. */
class XaBranchIdsTest {
    private static final List<XaBranchId> BRANCHES = List.of(
            new XaBranchId(1, new byte[] {1}, new byte[0]),
            new XaBranchId(0x4F535052, new byte[64], new byte[64]),
            new XaBranchId(-5, new byte[] {9, 8, 7}, new byte[] {6}));

    @Test
    void readsBackWhatItWrites() {
        assertThat(XaBranchIds.decode(XaBranchIds.encode(BRANCHES))).isEqualTo(BRANCHES);
        assertThat(XaBranchIds.decode(XaBranchIds.encode(List.of()))).isEmpty();
    }

    @Test
    void refusesEveryTruncation() {
        byte[] body = XaBranchIds.encode(BRANCHES);
        for (int length = 0; length < body.length; length++) {
            byte[] cut = Arrays.copyOf(body, length);
            assertThatThrownBy(() -> XaBranchIds.decode(cut)).as("cut at %d", length)
                    .isInstanceOf(MalformedBodyException.class);
        }
        assertThatThrownBy(() -> XaBranchIds.decode(null)).isInstanceOf(MalformedBodyException.class);
    }

    @Test
    void refusesBytesAfterTheListAndImpossibleLengthsAndCounts() {
        byte[] body = XaBranchIds.encode(BRANCHES);
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertThatThrownBy(() -> XaBranchIds.decode(longer)).isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("after");

        byte[] hugeCount = body.clone();
        ByteBuffer.wrap(hugeCount).putInt(0, Integer.MAX_VALUE);
        assertThatThrownBy(() -> XaBranchIds.decode(hugeCount)).isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("count");
        byte[] negativeCount = body.clone();
        ByteBuffer.wrap(negativeCount).putInt(0, -1);
        assertThatThrownBy(() -> XaBranchIds.decode(negativeCount)).isInstanceOf(MalformedBodyException.class);

        byte[] emptyGtrid = XaBranchIds.encode(List.of(new XaBranchId(1, new byte[] {1}, new byte[0])));
        emptyGtrid[8] = 0; // gtrid length 0: not an XID
        assertThatThrownBy(() -> XaBranchIds.decode(Arrays.copyOf(emptyGtrid, emptyGtrid.length - 1)))
                .isInstanceOf(MalformedBodyException.class);
        byte[] tooLong = XaBranchIds.encode(List.of(new XaBranchId(1, new byte[] {1}, new byte[0])));
        tooLong[8] = (byte) 65;
        assertThatThrownBy(() -> XaBranchIds.decode(tooLong)).isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("65 bytes");
        byte[] nullXid = XaBranchIds.encode(List.of(new XaBranchId(1, new byte[] {1}, new byte[0])));
        ByteBuffer.wrap(nullXid).putInt(4, -1);
        assertThatThrownBy(() -> XaBranchIds.decode(nullXid)).isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining("null XID");
    }
}
