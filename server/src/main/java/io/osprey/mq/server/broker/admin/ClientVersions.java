package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestHandler;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The language and MQVersion each client connection announced in its last HEART_BEAT's header, for the admin
 * tool's connection listings (the 5.x tool refuses some commands for consumers older than 3.1.8, so a made-up
 * version would mislead it). Fed by wrapping the heartbeat handler ({@link #recording}); entries are weakly keyed
 * by the connection, so a closed connection's entry goes with it.
 */
public final class ClientVersions {
    /** What a client said about itself. */
    public record ClientVersion(LanguageCode language, int version) {
    }

    private final Map<RemotingChannel, ClientVersion> byChannel = Collections.synchronizedMap(new WeakHashMap<>());

    /** {@code heartbeat}, first recording the request's language and version for its connection. */
    public RequestHandler recording(RequestHandler heartbeat) {
        return (channel, request) -> {
            byChannel.put(channel, new ClientVersion(request.language(), request.version()));
            return heartbeat.handle(channel, request);
        };
    }

    public Optional<ClientVersion> of(RemotingChannel channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }
}
