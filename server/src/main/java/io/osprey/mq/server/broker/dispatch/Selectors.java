package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.RequestException;

/** Compiles JMS message selectors for dispatch. */
public final class Selectors {
    private Selectors() {
    }

    public static MessageFilter compile(String selector) {
        if (selector == null || selector.isBlank()) {
            return MessageFilter.ALL;
        }
        throw new RequestException(ResponseCode.INVALID_SELECTOR, "message selectors are not evaluated yet: '"
                + selector + "'");
    }
}
