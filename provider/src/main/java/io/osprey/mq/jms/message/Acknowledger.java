package io.osprey.mq.jms.message;

import jakarta.jms.JMSException;

/**
 * What {@link OspreyMessage#acknowledge()} calls: the session that received the message, which acknowledges every
 * message it has consumed in CLIENT_ACKNOWLEDGE mode and ignores the call in the other modes (Message javadoc,
 * spec 6.2.10).
 */
@FunctionalInterface
public interface Acknowledger {
    /**
     * @param message the message the application called {@code acknowledge()} on
     * @throws jakarta.jms.IllegalStateException when the session is closed
     * @throws JMSException                      when the acknowledgement fails
     */
    void acknowledge(OspreyMessage message) throws JMSException;
}
