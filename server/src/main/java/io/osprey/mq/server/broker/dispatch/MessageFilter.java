package io.osprey.mq.server.broker.dispatch;

import java.util.Map;

/** Decides from a stored message's properties whether a subscription or consumer takes it (its selector). */
@FunctionalInterface
public interface MessageFilter {
    MessageFilter ALL = properties -> true;

    boolean accepts(Map<String, String> properties);
}
