package io.osprey.mq.protocol.xa;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code XA_END}: the connection, the branch, how the association ends, and the transaction identifier under which
 * the connection staged sends of it ahead ({@code JMS_TX_STAGE}), null when it staged none. The body carries the
 * rest of the association's work.
 */
public record XaEndHeader(String connectionId, XaBranchId branch, Mode mode, String stagedAs) {
    /** XAResource.end's flags: TMSUCCESS, TMFAIL (the branch may only roll back), TMSUSPEND. */
    public enum Mode { SUCCESS, FAIL, SUSPEND }

    public XaEndHeader {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(mode, "mode");
    }

    /** @throws HeaderException for a missing field or one of the wrong form */
    public static XaEndHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new XaEndHeader(f.requireString(XaFields.CONNECTION_ID), XaFields.branch(f),
                XaFields.mode(f, "mode", Mode.class), f.string("stagedAs"));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put(XaFields.CONNECTION_ID, connectionId).put(XaFields.XID, branch.text())
                .put("mode", mode.name()).put("stagedAs", stagedAs).build();
    }
}
