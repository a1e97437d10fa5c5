package io.osprey.mq.protocol.body;

import java.util.Map;

/** A string table: GET_BROKER_RUNTIME_INFO's body, and the NameServer's KV namespace listings. */
public record KVTable(Map<String, String> table) {
    public KVTable {
        table = table == null ? Map.of() : table;
    }
}
