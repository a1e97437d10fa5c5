package io.osprey.mq.jms;

import io.osprey.mq.protocol.xa.XaBranchId;
import javax.transaction.xa.Xid;

/**
 * A branch identifier as {@code XAResource.recover} hands it to a transaction manager. Equal to another Osprey XID of
 * the same bytes; transaction managers compare the fields of whatever {@link Xid} they get.
 */
final class OspreyXid implements Xid {
    private final XaBranchId id;

    OspreyXid(XaBranchId id) {
        this.id = id;
    }

    @Override
    public int getFormatId() {
        return id.formatId();
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return id.globalTransactionId();
    }

    @Override
    public byte[] getBranchQualifier() {
        return id.branchQualifier();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OspreyXid x && id.equals(x.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "OspreyXid[" + id.text() + "]";
    }
}
