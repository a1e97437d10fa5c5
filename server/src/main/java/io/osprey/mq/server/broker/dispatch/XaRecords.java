package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.xa.XaBranchId;
import io.osprey.mq.server.store.MessageToStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The dispatch records of XA branches (kinds 5 to 7 of {@link DispatchRecord}, in the same CommitLog record type):
 * a prepared branch with everything it will do, and the markers of its completion. Like every dispatch record each
 * states a result: "this branch is prepared with this work", "this branch is committed", "this branch is rolled
 * back", so a replay overlapping the snapshot applies them harmlessly.
 *
 * <pre>
 *   byte kind, string xid (XaBranchId text)
 *   XA_PREPARED:    long preparedAtMillis,
 *                   int consumed, consumed x (string subscription, int queueId, long offset, int deliveries),
 *                   int sends, sends x (string topic, int queueId, int flag, int sysFlag, long tagsCode,
 *                                       long bornTimestamp, int reconsumeTimes, byte addressLength, address,
 *                                       int port, int propertiesLength, properties (UTF-8), int bodyLength, body)
 *   XA_COMMITTED:   nothing more (written in the commit's batch, after its messages and acknowledgements)
 *   XA_ROLLED_BACK: nothing more
 *   (string = short length + UTF-8)
 * </pre>
 */
final class XaRecords {
    static final byte XA_PREPARED = 5;
    static final byte XA_COMMITTED = 6;
    static final byte XA_ROLLED_BACK = 7;

    /** A message a prepared branch consumed: its subscription, queue and offset, and its deliveries so far. */
    record Consumed(String subscription, int queueId, long offset, int deliveries) {
        Consumed {
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** A branch prepared: what its commit will store and acknowledge. */
    record Prepared(XaBranchId branch, long preparedAtMillis, List<Consumed> consumed, List<MessageToStore> sends)
            implements DispatchRecord.Xa {
        Prepared {
            Objects.requireNonNull(branch, "branch");
            consumed = List.copyOf(consumed);
            sends = List.copyOf(sends);
        }
    }

    /** A prepared branch committed: its sends are stored and its consumed messages acknowledged. */
    record Committed(XaBranchId branch) implements DispatchRecord.Xa {
        Committed {
            Objects.requireNonNull(branch, "branch");
        }
    }

    /** A prepared branch rolled back: its sends are dropped and its consumed messages returned. */
    record RolledBack(XaBranchId branch) implements DispatchRecord.Xa {
        RolledBack {
            Objects.requireNonNull(branch, "branch");
        }
    }

    private XaRecords() {
    }

    static byte[] encode(DispatchRecord.Xa record) {
        DispatchRecord.Writer out = new DispatchRecord.Writer();
        if (record instanceof Prepared p) {
            out.put(XA_PREPARED).string(p.branch().text()).int64(p.preparedAtMillis());
            out.int32(p.consumed().size());
            for (Consumed c : p.consumed()) {
                out.string(c.subscription()).int32(c.queueId()).int64(c.offset()).int32(c.deliveries());
            }
            out.int32(p.sends().size());
            for (MessageToStore m : p.sends()) {
                byte[] address = m.bornHost().getAddress().getAddress();
                byte[] properties = m.properties().getBytes(StandardCharsets.UTF_8);
                out.string(m.topic()).int32(m.queueId()).int32(m.flag()).int32(m.sysFlag()).int64(m.tagsCode())
                        .int64(m.bornTimestamp()).int32(m.reconsumeTimes()).put((byte) address.length)
                        .bytes(address).int32(m.bornHost().getPort()).int32(properties.length).bytes(properties)
                        .int32(m.body().length).bytes(m.body());
            }
        } else if (record instanceof Committed c) {
            out.put(XA_COMMITTED).string(c.branch().text());
        } else {
            out.put(XA_ROLLED_BACK).string(((RolledBack) record).branch().text());
        }
        return out.bytes();
    }

    /**
     * The rest of an XA record whose kind and xid {@link DispatchRecord#decode} read.
     *
     * @throws IllegalArgumentException for bytes that are not such a record
     */
    static DispatchRecord.Xa decode(byte kind, String xid, ByteBuffer in) {
        XaBranchId branch = XaBranchId.parse(xid);
        try {
            return switch (kind) {
                case XA_PREPARED -> prepared(branch, in);
                case XA_COMMITTED -> new Committed(branch);
                case XA_ROLLED_BACK -> new RolledBack(branch);
                default -> throw new IllegalArgumentException("not an XA record kind: " + kind);
            };
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated XA record of branch " + xid, e);
        }
    }

    private static Prepared prepared(XaBranchId branch, ByteBuffer in) {
        long preparedAt = in.getLong();
        int consumedCount = count(in, 2 + 4 + 8 + 4);
        List<Consumed> consumed = new ArrayList<>(consumedCount);
        for (int i = 0; i < consumedCount; i++) {
            consumed.add(new Consumed(string(in), in.getInt(), in.getLong(), in.getInt()));
        }
        int sendCount = count(in, 2 + 4 + 4 + 4 + 8 + 8 + 4 + 1 + 4 + 4 + 4);
        List<MessageToStore> sends = new ArrayList<>(sendCount);
        for (int i = 0; i < sendCount; i++) {
            String topic = string(in);
            int queueId = in.getInt();
            int flag = in.getInt();
            int sysFlag = in.getInt();
            long tagsCode = in.getLong();
            long born = in.getLong();
            int reconsumeTimes = in.getInt();
            byte[] address = bytes(in, Byte.toUnsignedInt(in.get()));
            int port = in.getInt();
            String properties = new String(bytes(in, in.getInt()), StandardCharsets.UTF_8);
            byte[] body = bytes(in, in.getInt());
            InetSocketAddress bornHost;
            try {
                bornHost = new InetSocketAddress(InetAddress.getByAddress(address), port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("a send's born host of " + address.length + " bytes", e);
            }
            sends.add(new MessageToStore(topic, queueId, flag, body, properties, tagsCode, sysFlag, born, bornHost,
                    reconsumeTimes, 0L));
        }
        return new Prepared(branch, preparedAt, consumed, sends);
    }

    private static int count(ByteBuffer in, int minBytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new IllegalArgumentException("XA record count " + n + " does not fit");
        }
        return n;
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("XA record field of " + length + " bytes does not fit");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static String string(ByteBuffer in) {
        return new String(bytes(in, Short.toUnsignedInt(in.getShort())), StandardCharsets.UTF_8);
    }
}
