package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.SubscriptionType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the dispatcher writes to the CommitLog (record type {@link #TYPE}) so that a durable subscription's state
 * survives a crash: every record states a result, not a step, so applying one twice changes nothing (a replay may
 * overlap what a snapshot already holds).
 *
 * <pre>
 *   byte kind
 *   SUBSCRIBED:   string key, string topic, byte type, string selector ("" = none), byte noLocal,
 *                 int queues, queues x (int queueId, long startOffset)
 *   UNSUBSCRIBED: string key
 *   DONE:         string key, int n, n x (int queueId, long offset)                acknowledged or expired
 *   COUNTED:      string key, int n, n x (int queueId, long offset, int deliveries)  delivered so far
 *   XA_PREPARED, XA_COMMITTED, XA_ROLLED_BACK (kinds 5 to 7): see {@link XaRecords}
 *   (string = short length + UTF-8)
 * </pre>
 */
public sealed interface DispatchRecord {
    /** The CommitLog record type of the dispatcher's records. */
    short TYPE = 16;

    /** A message of a queue, with a count where the record carries one. */
    record Position(int queueId, long offset, int deliveries) {
    }

    record Subscribed(String key, String topic, SubscriptionType type, String selector, boolean noLocal,
                      Map<Integer, Long> startOffsets) implements DispatchRecord {
        public Subscribed {
            Objects.requireNonNull(key, "key");
            startOffsets = Map.copyOf(startOffsets);
        }
    }

    record Unsubscribed(String key) implements DispatchRecord {
    }

    record Done(String key, List<Position> positions) implements DispatchRecord {
        public Done {
            positions = List.copyOf(positions);
        }
    }

    record Counted(String key, List<Position> positions) implements DispatchRecord {
        public Counted {
            positions = List.copyOf(positions);
        }
    }

    /** An XA branch's record, keyed by its XID (see {@link XaRecords}). */
    sealed interface Xa extends DispatchRecord permits XaRecords.Prepared, XaRecords.Committed, XaRecords.RolledBack {
    }

    byte SUBSCRIBED = 1;
    byte UNSUBSCRIBED = 2;
    byte DONE = 3;
    byte COUNTED = 4;

    static byte[] encode(DispatchRecord record) {
        if (record instanceof Xa xa) {
            return XaRecords.encode(xa);
        }
        Writer out = new Writer();
        if (record instanceof Subscribed s) {
            out.put(SUBSCRIBED).string(s.key()).string(s.topic()).put((byte) s.type().ordinal())
                    .string(s.selector() == null ? "" : s.selector()).put((byte) (s.noLocal() ? 1 : 0));
            out.int32(s.startOffsets().size());
            for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(s.startOffsets()).entrySet()) {
                out.int32(e.getKey()).int64(e.getValue());
            }
        } else if (record instanceof Unsubscribed u) {
            out.put(UNSUBSCRIBED).string(u.key());
        } else if (record instanceof Done d) {
            out.put(DONE).string(d.key()).int32(d.positions().size());
            for (Position p : d.positions()) {
                out.int32(p.queueId()).int64(p.offset());
            }
        } else {
            Counted c = (Counted) record;
            out.put(COUNTED).string(c.key()).int32(c.positions().size());
            for (Position p : c.positions()) {
                out.int32(p.queueId()).int64(p.offset()).int32(p.deliveries());
            }
        }
        return out.bytes();
    }

    /** @throws IllegalArgumentException for bytes that are not a dispatch record */
    static DispatchRecord decode(ByteBuffer in) {
        try {
            byte kind = in.get();
            String key = string(in);
            return switch (kind) {
                case SUBSCRIBED -> {
                    String topic = string(in);
                    SubscriptionType type = SubscriptionType.values()[in.get()];
                    String selector = string(in);
                    boolean noLocal = in.get() != 0;
                    int n = count(in, 12);
                    Map<Integer, Long> starts = new java.util.HashMap<>();
                    for (int i = 0; i < n; i++) {
                        starts.put(in.getInt(), in.getLong());
                    }
                    yield new Subscribed(key, topic, type, selector.isEmpty() ? null : selector, noLocal, starts);
                }
                case UNSUBSCRIBED -> new Unsubscribed(key);
                case DONE -> {
                    int n = count(in, 12);
                    List<Position> positions = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        positions.add(new Position(in.getInt(), in.getLong(), 0));
                    }
                    yield new Done(key, positions);
                }
                case COUNTED -> {
                    int n = count(in, 16);
                    List<Position> positions = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        positions.add(new Position(in.getInt(), in.getLong(), in.getInt()));
                    }
                    yield new Counted(key, positions);
                }
                case XaRecords.XA_PREPARED, XaRecords.XA_COMMITTED, XaRecords.XA_ROLLED_BACK ->
                        XaRecords.decode(kind, key, in);
                default -> throw new IllegalArgumentException("unknown dispatch record kind " + kind);
            };
        } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated dispatch record", e);
        }
    }

    private static int count(ByteBuffer in, int bytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * bytesEach > in.remaining()) {
            throw new IllegalArgumentException("dispatch record count " + n + " does not fit");
        }
        return n;
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Grows as it is written. */
    final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(256);

        Writer put(byte b) {
            ensure(1);
            buffer.put(b);
            return this;
        }

        Writer int32(int v) {
            ensure(4);
            buffer.putInt(v);
            return this;
        }

        Writer int64(long v) {
            ensure(8);
            buffer.putLong(v);
            return this;
        }

        Writer bytes(byte[] bytes) {
            ensure(bytes.length);
            buffer.put(bytes);
            return this;
        }

        Writer string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0xFFFF) {
                throw new IllegalArgumentException("string of " + bytes.length + " bytes in a dispatch record");
            }
            ensure(2 + bytes.length);
            buffer.putShort((short) bytes.length).put(bytes);
            return this;
        }

        private void ensure(int more) {
            if (buffer.remaining() < more + 64) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more + 64));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        byte[] bytes() {
            byte[] out = new byte[buffer.position()];
            buffer.flip().get(out);
            return out;
        }
    }
}
