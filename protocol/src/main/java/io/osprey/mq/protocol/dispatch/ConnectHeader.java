package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.header.ExtFields;
import java.util.Map;

/**
 * {@code JMS_CONNECT} and {@code JMS_CLAIM_CLIENT_ID}. The connection ID is the client's (one per JMS connection,
 * the same on every broker); the password is never logged. {@code toString} leaves it out.
 */
public record ConnectHeader(String connectionId, String clientId, String user, String password) {

    public static ConnectHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new ConnectHeader(f.requireString("connectionId"), f.string("clientId"), f.string("user"),
                f.string("password"));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("connectionId", connectionId).put("clientId", clientId).put("user", user)
                .put("password", password).build();
    }

    @Override
    public String toString() {
        return "ConnectHeader[connectionId=" + connectionId + ", clientId=" + clientId + ", user=" + user + "]";
    }
}
