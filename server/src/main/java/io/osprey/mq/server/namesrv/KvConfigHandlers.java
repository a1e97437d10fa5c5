package io.osprey.mq.server.namesrv;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** PUT/GET/DELETE_KV_CONFIG and GET_KVLIST_BY_NAMESPACE, as the admin tool sends them. */
final class KvConfigHandlers {
    private final KvConfigTable table;

    KvConfigHandlers(KvConfigTable table) {
        this.table = table;
    }

    CompletionStage<RemotingCommand> put(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        table.put(fields.requireString("namespace"), fields.requireString("key"), fields.requireString("value"));
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }

    CompletionStage<RemotingCommand> get(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        String namespace = fields.requireString("namespace");
        String key = fields.requireString("key");
        return CompletableFuture.completedFuture(table.get(namespace, key)
                .map(value -> RemotingCommand.success(request, Map.of("value", value), null))
                .orElseGet(() -> RemotingCommand.response(request, ResponseCode.QUERY_NOT_FOUND,
                        "No config item, Namespace: " + namespace + " Key: " + key)));
    }

    CompletionStage<RemotingCommand> delete(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        table.delete(fields.requireString("namespace"), fields.requireString("key"));
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }

    CompletionStage<RemotingCommand> list(RemotingChannel channel, RemotingCommand request) {
        String namespace = ExtFields.of(request.extFields()).requireString("namespace");
        Map<String, String> entries = table.list(namespace);
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(RemotingCommand.response(request, ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + namespace));
        }
        return CompletableFuture.completedFuture(
                RemotingCommand.success(request, null, JsonBodies.encode(Map.of("table", entries))));
    }
}
