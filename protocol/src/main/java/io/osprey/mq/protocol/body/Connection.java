package io.osprey.mq.protocol.body;

import io.osprey.mq.protocol.command.LanguageCode;

/**
 * One client connection as the admin tool shows it (consumerConnection, producerConnection).
 *
 * @param clientAddr {@code host:port} of the client's end of the connection
 * @param version    the client's MQVersion ordinal, from its last heartbeat's header
 */
public record Connection(String clientId, String clientAddr, LanguageCode language, int version) {
}
