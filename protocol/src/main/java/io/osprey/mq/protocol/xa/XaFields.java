package io.osprey.mq.protocol.xa;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Locale;

/** The fields the XA headers share, read with the key named in every error. */
final class XaFields {
    static final String CONNECTION_ID = "connectionId";
    static final String XID = "xid";

    private XaFields() {
    }

    static XaBranchId branch(ExtFields f) {
        String text = f.requireString(XID);
        try {
            return XaBranchId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HeaderException(XID, "header field " + XID + ": " + e.getMessage());
        }
    }

    static <E extends Enum<E>> E mode(ExtFields f, String key, Class<E> type) {
        String value = f.requireString(key);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HeaderException(key, "header field " + key + " is one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
        }
    }
}
