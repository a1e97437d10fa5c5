package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import java.util.Map;

/** A transaction request: the connection it belongs to and its identifier, unique within that connection. */
public record TransactionHeader(String connectionId, String transactionId) {

    public static TransactionHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new TransactionHeader(f.requireString("connectionId"), f.requireString("transactionId"));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("transactionId", transactionId).build();
    }
}
