package io.osprey.mq.server.namesrv;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The NameServer's namespace → key → value settings (PUT/GET/DELETE_KV_CONFIG), e.g. {@code ORDER_TOPIC_CONFIG}
 * for globally ordered topics. Held in memory: NameServers are stateless, an admin re-puts after a restart.
 */
final class KvConfigTable {
    static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private final Map<String, Map<String, String>> namespaces = new ConcurrentHashMap<>();

    void put(String namespace, String key, String value) {
        namespaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(key, value);
    }

    Optional<String> get(String namespace, String key) {
        Map<String, String> entries = namespaces.get(namespace);
        return entries == null ? Optional.empty() : Optional.ofNullable(entries.get(key));
    }

    void delete(String namespace, String key) {
        Map<String, String> entries = namespaces.get(namespace);
        if (entries != null) {
            entries.remove(key);
        }
    }

    Map<String, String> list(String namespace) {
        return new TreeMap<>(namespaces.getOrDefault(namespace, Map.of()));
    }
}
