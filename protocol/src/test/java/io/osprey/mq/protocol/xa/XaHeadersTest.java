package io.osprey.mq.protocol.xa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.header.HeaderException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The XA request headers: each reads back what it writes; a missing or malformed field is refused by its key. */
class XaHeadersTest {
    private static final XaBranchId BRANCH = new XaBranchId(7, new byte[] {1, 2, 3}, new byte[] {4});

    @Test
    void startReadsBackWhatItWrites() {
        for (XaStartHeader.Mode mode : XaStartHeader.Mode.values()) {
            XaStartHeader header = new XaStartHeader("c1", BRANCH, mode, 30);
            assertThat(XaStartHeader.from(header.toExtFields())).isEqualTo(header);
        }
        Map<String, String> noTimeout = new HashMap<>(new XaStartHeader("c1", BRANCH, XaStartHeader.Mode.NEW, 0)
                .toExtFields());
        noTimeout.remove("timeoutSeconds");
        assertThat(XaStartHeader.from(noTimeout).timeoutSeconds()).isZero();
    }

    @Test
    void endReadsBackWhatItWrites() {
        for (XaEndHeader.Mode mode : XaEndHeader.Mode.values()) {
            XaEndHeader header = new XaEndHeader("c1", BRANCH, mode, "c1/s1/3");
            assertThat(XaEndHeader.from(header.toExtFields())).isEqualTo(header);
        }
        XaEndHeader nothingStaged = new XaEndHeader("c1", BRANCH, XaEndHeader.Mode.SUCCESS, null);
        assertThat(nothingStaged.toExtFields()).doesNotContainKey("stagedAs");
        assertThat(XaEndHeader.from(nothingStaged.toExtFields())).isEqualTo(nothingStaged);
    }

    @Test
    void branchAndRecoverHeadersReadBackWhatTheyWrite() {
        XaBranchHeader twoPhase = new XaBranchHeader("c1", BRANCH);
        XaBranchHeader onePhase = new XaBranchHeader("c1", BRANCH, true);

        assertThat(XaBranchHeader.from(twoPhase.toExtFields())).isEqualTo(twoPhase);
        assertThat(XaBranchHeader.from(onePhase.toExtFields())).isEqualTo(onePhase);
        assertThat(XaRecoverHeader.from(new XaRecoverHeader("c9").toExtFields())).isEqualTo(new XaRecoverHeader("c9"));
    }

    @Test
    void refusesMissingFieldsByName() {
        Map<String, String> start = new HashMap<>(new XaStartHeader("c1", BRANCH, XaStartHeader.Mode.NEW, 5)
                .toExtFields());
        for (String key : new String[] {"connectionId", "xid", "mode"}) {
            Map<String, String> without = new HashMap<>(start);
            without.remove(key);
            assertThatThrownBy(() -> XaStartHeader.from(without)).isInstanceOf(HeaderException.class)
                    .satisfies(e -> assertThat(((HeaderException) e).field()).isEqualTo(key));
        }
        assertThatThrownBy(() -> XaBranchHeader.from(Map.of("connectionId", "c1")))
                .isInstanceOf(HeaderException.class).hasMessageContaining("xid");
        assertThatThrownBy(() -> XaRecoverHeader.from(Map.of())).isInstanceOf(HeaderException.class)
                .hasMessageContaining("connectionId");
    }

    @Test
    void refusesMalformedFieldsByName() {
        assertField(() -> XaStartHeader.from(Map.of("connectionId", "c", "xid", "7:zz:", "mode", "NEW")), "xid");
        assertField(() -> XaStartHeader.from(Map.of("connectionId", "c", "xid", BRANCH.text(), "mode", "JOINED")),
                "mode");
        assertField(() -> XaStartHeader.from(Map.of("connectionId", "c", "xid", BRANCH.text(), "mode", "NEW",
                "timeoutSeconds", "-1")), "timeoutSeconds");
        assertField(() -> XaStartHeader.from(Map.of("connectionId", "c", "xid", BRANCH.text(), "mode", "NEW",
                "timeoutSeconds", "soon")), "timeoutSeconds");
        assertField(() -> XaEndHeader.from(Map.of("connectionId", "c", "xid", BRANCH.text(), "mode", "DONE")),
                "mode");
        assertField(() -> XaBranchHeader.from(Map.of("connectionId", "c", "xid", BRANCH.text(), "onePhase",
                "maybe")), "onePhase");
        assertField(() -> XaBranchHeader.from(Map.of("connectionId", "c", "xid", "-1:01:")), "xid");
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(HeaderException.class)
                .satisfies(e -> assertThat(((HeaderException) e).field()).isEqualTo(field));
    }
}
