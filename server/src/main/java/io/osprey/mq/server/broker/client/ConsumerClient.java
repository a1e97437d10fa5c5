package io.osprey.mq.server.broker.client;

import io.osprey.mq.protocol.transport.RemotingChannel;

/** One client instance in a consumer group, as its last heartbeat described it. */
public record ConsumerClient(String clientId, RemotingChannel channel, String consumeType, String messageModel,
                             String consumeFromWhere, long lastHeartbeatMillis) {
}
