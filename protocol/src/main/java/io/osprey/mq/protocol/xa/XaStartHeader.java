package io.osprey.mq.protocol.xa;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code XA_START}: the connection, the branch, how the association begins, and (for a new branch) the seconds it
 * may stay unprepared before the broker rolls it back, 0 for the broker's default.
 */
public record XaStartHeader(String connectionId, XaBranchId branch, Mode mode, int timeoutSeconds) {
    /** XAResource.start's flags: TMNOFLAGS, TMJOIN, TMRESUME. */
    public enum Mode { NEW, JOIN, RESUME }

    public XaStartHeader {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(mode, "mode");
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeoutSeconds < 0: " + timeoutSeconds);
        }
    }

    /** @throws HeaderException for a missing field or one of the wrong form */
    public static XaStartHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        int timeout = f.intValue("timeoutSeconds", 0);
        if (timeout < 0) {
            throw new HeaderException("timeoutSeconds", "timeoutSeconds must not be negative: " + timeout);
        }
        return new XaStartHeader(f.requireString(XaFields.CONNECTION_ID), XaFields.branch(f),
                XaFields.mode(f, "mode", Mode.class), timeout);
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put(XaFields.CONNECTION_ID, connectionId).put(XaFields.XID, branch.text())
                .put("mode", mode.name()).put("timeoutSeconds", timeoutSeconds).build();
    }
}
