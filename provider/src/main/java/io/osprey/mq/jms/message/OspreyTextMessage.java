package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsBodyType;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

/** A TextMessage: a String body, null until set (and null is a value it can be set to). */
public class OspreyTextMessage extends OspreyMessage implements TextMessage {
    private String text;

    public OspreyTextMessage() {
    }

    public OspreyTextMessage(String text) {
        this.text = text;
    }

    @Override
    public void setText(String text) throws JMSException {
        checkBodyWritable();
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    JmsBodyType bodyType() {
        return JmsBodyType.TEXT;
    }

    @Override
    void clearBodyContent() {
        text = null;
    }

    @Override
    Object bodyAs(Class<?> c) throws JMSException {
        if (text != null && !c.isAssignableFrom(String.class)) {
            throw notAssignable("TextMessage", c);
        }
        return text;
    }

    @Override
    boolean bodyAssignableTo(Class<?> c) {
        return text == null || c.isAssignableFrom(String.class);
    }
}
