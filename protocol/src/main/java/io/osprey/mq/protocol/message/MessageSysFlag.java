package io.osprey.mq.protocol.message;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Bits of a message's {@code sysFlag} (reference §5.4). */
public final class MessageSysFlag {
    public static final int COMPRESSED_FLAG = 0x1;
    public static final int MULTI_TAGS_FLAG = 0x2;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x4;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;
    /** Mask of the two transaction bits. */
    public static final int TRANSACTION_TYPE_MASK = 0xC;
    /** The born host is written with a 16-byte IPv6 address. */
    public static final int BORNHOST_V6_FLAG = 0x10;
    /** The store host is written with a 16-byte IPv6 address. */
    public static final int STOREHOST_ADDRESS_V6_FLAG = 0x20;
    /** [5.x] never set by Osprey. */
    public static final int NEED_UNWRAP_FLAG = 0x40;
    /** [5.x] never set by Osprey. */
    public static final int INNER_BATCH_FLAG = 0x80;
    /** Bits 8–10: compression type (0 legacy = ZLIB). */
    public static final int COMPRESSION_TYPE_MASK = 0x700;
    public static final int COMPRESSION_LZ4 = 0x100;
    public static final int COMPRESSION_ZSTD = 0x200;
    public static final int COMPRESSION_ZLIB = 0x300;

    private MessageSysFlag() {
    }

    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_TYPE_MASK;
    }

    public static int resetTransactionType(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_TYPE_MASK) | (type & TRANSACTION_TYPE_MASK);
    }

    /** {@code sysFlag} with the two host-width bits set to match the given addresses. */
    public static int withHostFlags(int sysFlag, InetSocketAddress bornHost, InetSocketAddress storeHost) {
        int flags = sysFlag & ~(BORNHOST_V6_FLAG | STOREHOST_ADDRESS_V6_FLAG);
        if (isV6(bornHost)) {
            flags |= BORNHOST_V6_FLAG;
        }
        if (isV6(storeHost)) {
            flags |= STOREHOST_ADDRESS_V6_FLAG;
        }
        return flags;
    }

    static boolean isV6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }
}
