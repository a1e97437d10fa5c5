package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.jms.MalformedJmsMessageException;
import io.osprey.mq.protocol.jms.TypedProperties;
import io.osprey.mq.protocol.selector.MessageSelector;
import io.osprey.mq.protocol.selector.SelectorSyntaxException;
import io.osprey.mq.protocol.transport.RequestException;

/**
 * Compiles JMS message selectors for dispatch: evaluated on a stored message's properties as the provider wrote
 * them (typed through {@code OSPREY_TYPES}, headers under their JMS names), decoding only the names the selector
 * uses.
 */
public final class Selectors {
    private Selectors() {
    }

    /** @throws RequestException INVALID_SELECTOR with the parser's reason and position */
    public static MessageFilter compile(String selector) {
        MessageSelector compiled;
        try {
            compiled = MessageSelector.parse(selector);
        } catch (SelectorSyntaxException e) {
            throw new RequestException(ResponseCode.INVALID_SELECTOR, e.getMessage());
        }
        if (compiled == MessageSelector.ALL) {
            return MessageFilter.ALL;
        }
        return properties -> compiled.matches(name -> {
            try {
                return TypedProperties.lookup(properties, name);
            } catch (MalformedJmsMessageException e) {
                // a value no JMS producer wrote (a RocketMQ producer's JMSPriority=high): unknown, as if absent
                return null;
            }
        });
    }
}
