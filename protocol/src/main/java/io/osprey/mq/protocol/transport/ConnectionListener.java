package io.osprey.mq.protocol.transport;

/** Told about a transport's connections, on the channel's event loop: must not block. */
public interface ConnectionListener {
    ConnectionListener NONE = new ConnectionListener() {
    };

    default void onConnected(RemotingChannel channel) {
    }

    /** The connection closed, for whatever reason (peer close, idle timeout, malformed frame, shutdown). */
    default void onClosed(RemotingChannel channel) {
    }
}
