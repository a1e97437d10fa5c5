package io.osprey.mq.protocol.xa;

import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;
import java.util.Objects;

/** {@code XA_RECOVER}: the connection asking; the answer's body lists the prepared branches ({@link XaBranchIds}). */
public record XaRecoverHeader(String connectionId) {
    public XaRecoverHeader {
        Objects.requireNonNull(connectionId, "connectionId");
    }

    /** @throws HeaderException without a connection */
    public static XaRecoverHeader from(Map<String, String> extFields) {
        return new XaRecoverHeader(ExtFields.of(extFields).requireString(XaFields.CONNECTION_ID));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put(XaFields.CONNECTION_ID, connectionId).build();
    }
}
