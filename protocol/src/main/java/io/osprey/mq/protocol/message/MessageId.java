package io.osprey.mq.protocol.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The offset msgId of reference §5.6: uppercase hex of the store host's IP (4 or 16 bytes), its port (4 bytes)
 * and the message's physical offset (8 bytes). 32 characters for IPv4, 56 for IPv6.
 *
 * <pre>
 *   IPv4:  0          8          16                 32   (hex chars)
 *          +----------+----------+------------------+
 *          | ip (4)   | port (4) | physical off (8) |
 *          +----------+----------+------------------+
 * </pre>
 *
 * Example: {@code 0A00000100002A9F000000000001E240} is 10.0.0.1:10911, offset 123456. Clients decode it
 * (END_TRANSACTION, {@code viewMessage}), so its form is fixed.
 *
 * @param storeHost      the broker's advertised address
 * @param physicalOffset the message's physical offset in the broker
 */
public record MessageId(InetSocketAddress storeHost, long physicalOffset) {
    public static final int IPV4_LENGTH = 32;
    public static final int IPV6_LENGTH = 56;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public MessageId {
        Objects.requireNonNull(storeHost, "storeHost");
        if (storeHost.getAddress() == null) {
            throw new IllegalArgumentException("storeHost must be a resolved address: " + storeHost);
        }
    }

    /** The 32- or 56-character uppercase hex form. */
    public String encode() {
        byte[] ip = storeHost.getAddress().getAddress();
        ByteBuffer buf = ByteBuffer.allocate(ip.length + 12);
        buf.put(ip).putInt(storeHost.getPort()).putLong(physicalOffset);
        return HEX.formatHex(buf.array());
    }

    /** Parses a 32- (IPv4) or 56-character (IPv6) offset msgId, either case. */
    public static MessageId parse(String msgId) {
        Objects.requireNonNull(msgId, "msgId");
        if (msgId.length() != IPV4_LENGTH && msgId.length() != IPV6_LENGTH) {
            throw new MalformedMessageException("offset msgId must have 32 or 56 hex characters, got "
                    + msgId.length() + ": " + msgId);
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(msgId);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("offset msgId is not hex: " + msgId);
        }
        int ipLength = bytes.length - 12;
        ByteBuffer buf = ByteBuffer.wrap(bytes, ipLength, 12);
        int port = buf.getInt();
        long offset = buf.getLong();
        if (port < 0 || port > 0xFFFF) {
            throw new MalformedMessageException("offset msgId has port " + port + ": " + msgId);
        }
        try {
            InetAddress ip = InetAddress.getByAddress(java.util.Arrays.copyOf(bytes, ipLength));
            return new MessageId(new InetSocketAddress(ip, port), offset);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("offset msgId has a bad address: " + msgId);
        }
    }

    @Override
    public String toString() {
        return encode();
    }
}
