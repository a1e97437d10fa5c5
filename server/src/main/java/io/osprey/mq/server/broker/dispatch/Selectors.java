package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.jms.MalformedJmsMessageException;
import io.osprey.mq.protocol.jms.TypedProperties;
import io.osprey.mq.protocol.selector.MessageSelector;
import io.osprey.mq.protocol.selector.SelectorSyntaxException;
import io.osprey.mq.protocol.transport.RequestException;

/**
 * Compiles JMS message selectors for dispatch: evaluated on a stored message's properties as the provider wrote
 * them (typed through {@code OSPREY_TYPES}, headers under their JMS names), decoding only the names the selector
 * uses. {@code JMSXDeliveryCount} (3.5.9 lets selectors reference JMSX properties) is the broker's own count, given
 * with each evaluation: the provider sets it on receipt, so no stored message carries it. {@code JMSRedelivered} is
 * no selector identifier (3.8.1.1 restricts header references to six others) and stays NULL.
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
        return (properties, deliveryCount) -> compiled.matches(name -> {
            if (name.equals(JmsHeaders.JMSX_DELIVERY_COUNT)) {
                return deliveryCount;
            }
            try {
                return TypedProperties.lookup(properties, name);
            } catch (MalformedJmsMessageException e) {
                // a value no JMS producer wrote (a RocketMQ producer's JMSPriority=high): unknown, as if absent
                return null;
            }
        });
    }
}
