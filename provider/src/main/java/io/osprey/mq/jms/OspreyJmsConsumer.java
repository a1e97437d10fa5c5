package io.osprey.mq.jms;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/** The simplified API's consumer: an {@link OspreyMessageConsumer} with unchecked exceptions and receiveBody. */
final class OspreyJmsConsumer implements JMSConsumer {
    private final OspreyMessageConsumer consumer;

    OspreyJmsConsumer(OspreyMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        try {
            return consumer.getMessageSelector();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public MessageListener getMessageListener() {
        try {
            return consumer.getMessageListener();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        try {
            consumer.setMessageListener(listener);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public Message receive() {
        try {
            return consumer.receive();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public Message receive(long timeout) {
        try {
            return consumer.receive(timeout);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public Message receiveNoWait() {
        try {
            return consumer.receiveNoWait();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(c, Long.MAX_VALUE, false);
    }

    /** Waits up to {@code timeout} ms, 0 meaning for ever, as {@code receive(long)} does. */
    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        if (timeout < 0) {
            throw new JMSRuntimeException("a receive timeout cannot be negative: " + timeout);
        }
        return body(c, timeout == 0 ? Long.MAX_VALUE : timeout, false);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(c, 0, true);
    }

    private <T> T body(Class<T> c, long timeoutMillis, boolean noWait) {
        try {
            return consumer.receiveBody(c, timeoutMillis, noWait);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public String toString() {
        return consumer.toString();
    }
}
