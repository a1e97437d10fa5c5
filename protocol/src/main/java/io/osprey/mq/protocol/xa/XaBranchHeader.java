package io.osprey.mq.protocol.xa;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code XA_PREPARE}, {@code XA_COMMIT} ({@code onePhase}: commit a branch that was not prepared), {@code XA_ROLLBACK}
 * and {@code XA_FORGET}: the connection asking and the branch. Any connection of the cluster may complete a prepared
 * branch. The answer to a prepare says in field {@value #READ_ONLY} whether the branch did nothing (it is then
 * forgotten and needs no commit).
 */
public record XaBranchHeader(String connectionId, XaBranchId branch, boolean onePhase) {
    /** The prepare answer's field: "true" when the branch was read-only. */
    public static final String READ_ONLY = "readOnly";

    public XaBranchHeader {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(branch, "branch");
    }

    public XaBranchHeader(String connectionId, XaBranchId branch) {
        this(connectionId, branch, false);
    }

    /** @throws HeaderException for a missing field or one of the wrong form */
    public static XaBranchHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new XaBranchHeader(f.requireString(XaFields.CONNECTION_ID), XaFields.branch(f),
                f.bool("onePhase", false));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put(XaFields.CONNECTION_ID, connectionId).put(XaFields.XID, branch.text())
                .put("onePhase", onePhase ? Boolean.TRUE : null).build();
    }
}
