package io.osprey.mq.protocol.xa;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the {@code XA_RECOVER} answer: the prepared branches.
 *
 * <pre>
 *   int count
 *   per branch: int formatId, byte gtridLength (1..64), gtrid, byte bqualLength (0..64), bqual
 * </pre>
 */
public final class XaBranchIds {
    private static final int MIN_BYTES_EACH = 4 + 1 + 1 + 1;

    private XaBranchIds() {
    }

    public static byte[] encode(List<XaBranchId> branches) {
        int size = 4;
        for (XaBranchId b : branches) {
            size += MIN_BYTES_EACH - 1 + b.globalTransactionId().length + b.branchQualifier().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(branches.size());
        for (XaBranchId b : branches) {
            byte[] gtrid = b.globalTransactionId();
            byte[] bqual = b.branchQualifier();
            out.putInt(b.formatId()).put((byte) gtrid.length).put(gtrid).put((byte) bqual.length).put(bqual);
        }
        return out.array();
    }

    /** @throws MalformedBodyException for no body, or bytes that are not exactly such a list */
    public static List<XaBranchId> decode(byte[] body) {
        if (body == null) {
            throw new MalformedBodyException("an XA branch list needs a body");
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int count = in.getInt();
            if (count < 0 || (long) count * MIN_BYTES_EACH > in.remaining()) {
                throw new MalformedBodyException("XA branch count " + count + " does not fit the body");
            }
            List<XaBranchId> branches = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int formatId = in.getInt();
                byte[] gtrid = new byte[length(in, i)];
                in.get(gtrid);
                byte[] bqual = new byte[length(in, i)];
                in.get(bqual);
                try {
                    branches.add(new XaBranchId(formatId, gtrid, bqual));
                } catch (IllegalArgumentException e) {
                    throw new MalformedBodyException("XA branch " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            if (in.hasRemaining()) {
                throw new MalformedBodyException(in.remaining() + " bytes after the XA branch list");
            }
            return branches;
        } catch (BufferUnderflowException e) {
            throw new MalformedBodyException("the XA branch list ends early, at byte " + in.position() + " of "
                    + body.length, e);
        }
    }

    private static int length(ByteBuffer in, int index) {
        int length = Byte.toUnsignedInt(in.get());
        if (length > XaBranchId.MAX_ID_BYTES || length > in.remaining()) {
            throw new MalformedBodyException("XA branch " + (index + 1) + " has an identifier of " + length
                    + " bytes, with " + in.remaining() + " left");
        }
        return length;
    }
}
