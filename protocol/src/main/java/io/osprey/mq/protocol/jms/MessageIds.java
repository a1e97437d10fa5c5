package io.osprey.mq.protocol.jms;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique message ids in the form the stock RocketMQ client's {@code MessageClientIDSetter} gives its
 * {@code UNIQ_KEY} property, so that the ids Osprey's JMS provider sends look like any RocketMQ producer's to
 * RocketMQ tools (which read the client's IP and a send time out of them).
 *
 * <pre>
 *   uppercase hex of:
 *   +-------------+---------+-------------------+---------------------------+-------------+
 *   | IP (4 / 16) | pid (2) | class-loader hash | ms since this month began | counter (2) |
 *   |             |         | (4)               | (4, default time zone)    |             |
 *   +-------------+---------+-------------------+---------------------------+-------------+
 *   32 characters with an IPv4 address, 56 with IPv6
 * </pre>
 *
 * <p>The first three fields are fixed per instance and kept as hex characters, so an id costs one clock read, one
 * atomic increment and a 32-character string. The counter wraps at 65,536: ids are unique while one process sends
 * fewer than 65,536 messages in the same millisecond, the stock client's guarantee too.
 *
 * <p>Thread-safe. Every instance created with {@link #MessageIds()} shares one counter, because all of them share the
 * prefix (that is what the class-loader hash stands for): two independent counters would give the same ids.
 */
public final class MessageIds {
    /** Length of an id built on an IPv4 address. */
    public static final int IPV4_LENGTH = 32;
    /** Length of an id built on an IPv6 address. */
    public static final int IPV6_LENGTH = 56;

    private static final AtomicInteger SHARED_COUNTER = new AtomicInteger();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final char[] prefix;
    private final Clock clock;
    private final ZoneId zone;
    private final AtomicInteger counter;
    private volatile Month month;

    /** The start of the current month and of the next, in epoch millis. */
    private record Month(long startMillis, long nextStartMillis) {
    }

    /** Ids for this process: its address, pid and this class's class loader, the system clock and time zone. */
    public MessageIds() {
        this(localAddress(), ProcessHandle.current().pid(), classLoaderHash(), Clock.systemDefaultZone(),
                SHARED_COUNTER);
    }

    /**
     * @param address         4 or 16 bytes
     * @param pid             the low 16 bits are used
     * @param classLoaderHash any int
     * @param clock           millis and the time zone the month starts in
     * @param counter         the sequence to draw from
     */
    MessageIds(byte[] address, long pid, int classLoaderHash, Clock clock, AtomicInteger counter) {
        Objects.requireNonNull(address, "address");
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, got " + address.length);
        }
        ByteBuffer fixed = ByteBuffer.allocate(address.length + 2 + 4);
        fixed.put(address).putShort((short) pid).putInt(classLoaderHash);
        this.prefix = HexFormat.of().withUpperCase().formatHex(fixed.array()).toCharArray();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = clock.getZone();
        this.counter = Objects.requireNonNull(counter, "counter");
        this.month = monthOf(clock.millis());
    }

    /** A new id. */
    public String next() {
        long now = clock.millis();
        Month current = month;
        if (now >= current.nextStartMillis || now < current.startMillis) {
            // A new month, or the clock went back past the start of this one.
            current = monthOf(now);
            month = current;
        }
        int sinceMonthStart = (int) (now - current.startMillis);
        int sequence = counter.getAndIncrement();
        char[] id = new char[prefix.length + 12];
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        int at = prefix.length;
        for (int shift = 28; shift >= 0; shift -= 4) {
            id[at++] = HEX[(sinceMonthStart >>> shift) & 0xF];
        }
        for (int shift = 12; shift >= 0; shift -= 4) {
            id[at++] = HEX[(sequence >>> shift) & 0xF];
        }
        return new String(id);
    }

    /** The fixed part every id of this instance starts with: address, pid and class-loader hash in hex. */
    public String prefix() {
        return new String(prefix);
    }

    private Month monthOf(long millis) {
        ZonedDateTime start = Instant.ofEpochMilli(millis).atZone(zone).withDayOfMonth(1).toLocalDate()
                .atStartOfDay(zone);
        return new Month(start.toInstant().toEpochMilli(), start.plusMonths(1).toInstant().toEpochMilli());
    }

    private static int classLoaderHash() {
        ClassLoader loader = MessageIds.class.getClassLoader();
        return loader == null ? 0 : loader.hashCode();
    }

    /**
     * The address the stock client puts in its ids: an IPv4 address of an interface that is up and not loopback
     * (a public one before a private one), else such an IPv6 address, else the local host's address. When even
     * that cannot be read, 4 bytes of the current time stand in, as the stock client does.
     */
    static byte[] localAddress() {
        byte[] privateV4 = null;
        byte[] v6 = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()
                            || address.isAnyLocalAddress()) {
                        continue;
                    }
                    if (address instanceof Inet4Address) {
                        if (!address.isSiteLocalAddress()) {
                            return address.getAddress();
                        }
                        if (privateV4 == null) {
                            privateV4 = address.getAddress();
                        }
                    } else if (v6 == null) {
                        v6 = address.getAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // No interface list on this host: the local host's address below is the stock client's fallback too.
        }
        if (privateV4 != null) {
            return privateV4;
        }
        if (v6 != null) {
            return v6;
        }
        try {
            return InetAddress.getLocalHost().getAddress();
        } catch (UnknownHostException e) {
            return ByteBuffer.allocate(4).putInt((int) System.currentTimeMillis()).array();
        }
    }
}
