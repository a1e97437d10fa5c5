package io.osprey.mq.protocol.xa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The XID as headers carry it: what it writes it reads back, anything else is refused naming the problem. */
class XaBranchIdTest {

    @Test
    void readsBackWhatItWrites() {
        XaBranchId id = new XaBranchId(0x1234, new byte[] {10, 11, 12}, new byte[] {1});

        assertThat(id.text()).isEqualTo("4660:0a0b0c:01");
        assertThat(XaBranchId.parse(id.text())).isEqualTo(id).hasSameHashCodeAs(id);
        XaBranchId noQualifier = new XaBranchId(-7, new byte[] {(byte) 0xff}, new byte[0]);
        assertThat(XaBranchId.parse(noQualifier.text())).isEqualTo(noQualifier);
        byte[] longest = new byte[XaBranchId.MAX_ID_BYTES];
        Arrays.fill(longest, (byte) 0x80);
        XaBranchId widest = new XaBranchId(Integer.MAX_VALUE, longest, longest);
        assertThat(XaBranchId.parse(widest.text())).isEqualTo(widest);
    }

    @Test
    void equalityComparesTheBytesNotTheArrays() {
        XaBranchId a = new XaBranchId(1, new byte[] {1, 2}, new byte[] {3});
        XaBranchId b = new XaBranchId(1, new byte[] {1, 2}, new byte[] {3});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new XaBranchId(2, new byte[] {1, 2}, new byte[] {3}))
                .isNotEqualTo(new XaBranchId(1, new byte[] {1, 2}, new byte[] {4}))
                .isNotEqualTo(new XaBranchId(1, new byte[] {1}, new byte[] {2, 3}));
    }

    @Test
    void keepsItsBytesToItself() {
        byte[] gtrid = {1, 2};
        XaBranchId id = new XaBranchId(1, gtrid, new byte[0]);
        gtrid[0] = 9;
        id.globalTransactionId()[1] = 9;

        assertThat(id.globalTransactionId()).containsExactly(1, 2);
    }

    @Test
    void refusesIdentifiersXaDoesNotAllow() {
        assertThatThrownBy(() -> new XaBranchId(-1, new byte[] {1}, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null XID");
        assertThatThrownBy(() -> new XaBranchId(1, new byte[0], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> new XaBranchId(1, new byte[65], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 65");
        assertThatThrownBy(() -> new XaBranchId(1, new byte[1], new byte[65]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1:01", "1:01:02:03", "x:01:02", "1::02", "-1:01:", "1:0:", "1:zz:",
            "1:0A:", "99999999999:01:"})
    void refusesTextItDidNotWrite(String text) {
        assertThatThrownBy(() -> XaBranchId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTextOfIdentifiersTooLong() {
        assertThatThrownBy(() -> XaBranchId.parse("1:" + "00".repeat(65) + ":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 65");
    }
}
