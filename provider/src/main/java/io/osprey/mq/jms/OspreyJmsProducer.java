package io.osprey.mq.jms;

import io.osprey.mq.jms.message.OspreyBytesMessage;
import io.osprey.mq.jms.message.OspreyMapMessage;
import io.osprey.mq.jms.message.OspreyMessage;
import io.osprey.mq.jms.message.OspreyObjectMessage;
import io.osprey.mq.jms.message.OspreyTextMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer (the javadoc of {@link JMSProducer}): the settings, message properties and headers it
 * carries are applied to every message it sends, over an {@link OspreyMessageProducer} without destination of the
 * context's session. Its properties live in a scratch {@link OspreyMessage}, so they follow the same name and type
 * rules and conversions as a message's (3.5).
 */
final class OspreyJmsProducer implements JMSProducer {
    private final OspreyMessageProducer producer;
    private final OspreyMessage properties = new OspreyMessage();
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private CompletionListener async;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    OspreyJmsProducer(OspreyMessageProducer producer) {
        this.producer = producer;
    }

    // ---------------------------------------------------------------- send

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("the message is null");
        }
        if (destination == null) {
            throw new InvalidDestinationRuntimeException("the destination is null");
        }
        try {
            apply(message);
            if (async == null) {
                producer.send(destination, message, deliveryMode, priority, timeToLive);
            } else {
                producer.send(destination, message, deliveryMode, priority, timeToLive, async);
            }
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
        return this;
    }

    /** The producer's properties and headers onto the message, replacing what it had under the same names. */
    private void apply(Message message) throws JMSException {
        for (String name : getPropertyNames()) {
            message.setObjectProperty(name, properties.getObjectProperty(name));
        }
        if (correlationIdBytes != null) {
            message.setJMSCorrelationIDAsBytes(correlationIdBytes);
        } else if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        if (type != null) {
            message.setJMSType(type);
        }
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, new OspreyTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        OspreyMapMessage message = new OspreyMapMessage();
        if (body != null) {
            try {
                for (Map.Entry<String, Object> entry : body.entrySet()) {
                    message.setObject(entry.getKey(), entry.getValue());
                }
            } catch (JMSException e) {
                throw RuntimeExceptions.of(e);
            }
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        OspreyBytesMessage message = new OspreyBytesMessage();
        if (body != null) {
            try {
                message.writeBytes(body);
            } catch (JMSException e) {
                throw RuntimeExceptions.of(e);
            }
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        try {
            return send(destination, new OspreyObjectMessage(body));
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    // ---------------------------------------------------------------- settings

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        try {
            producer.setDisableMessageID(value);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        try {
            return producer.getDisableMessageID();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        try {
            producer.setDisableMessageTimestamp(value);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        try {
            return producer.getDisableMessageTimestamp();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public JMSProducer setDeliveryMode(int value) {
        if (value != DeliveryMode.PERSISTENT && value != DeliveryMode.NON_PERSISTENT) {
            throw new JMSRuntimeException("invalid delivery mode " + value + ": expected DeliveryMode.PERSISTENT"
                    + " (2) or NON_PERSISTENT (1)");
        }
        deliveryMode = value;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int value) {
        if (value < 0 || value > 9) {
            throw new JMSRuntimeException("invalid priority " + value + ": expected 0 to 9");
        }
        priority = value;
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long value) {
        timeToLive = value;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public JMSProducer setDeliveryDelay(long value) {
        try {
            producer.setDeliveryDelay(value);
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        try {
            return producer.getDeliveryDelay();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    /** With a listener, the sends that follow are asynchronous; null makes them synchronous again. */
    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        async = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return async;
    }

    // ---------------------------------------------------------------- properties

    private interface PropertyWrite {
        void write() throws JMSException;
    }

    private JMSProducer property(PropertyWrite write) {
        try {
            write.write();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return property(() -> properties.setBooleanProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return property(() -> properties.setByteProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return property(() -> properties.setShortProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return property(() -> properties.setIntProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return property(() -> properties.setLongProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return property(() -> properties.setFloatProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return property(() -> properties.setDoubleProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return property(() -> properties.setStringProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        return property(() -> properties.setObjectProperty(name, value));
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clearProperties();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.propertyExists(name);
    }

    private interface PropertyRead<T> {
        T read() throws JMSException;
    }

    private static <T> T read(PropertyRead<T> read) {
        try {
            return read.read();
        } catch (JMSException e) {
            throw RuntimeExceptions.of(e);
        }
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return read(() -> properties.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return read(() -> properties.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return read(() -> properties.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return read(() -> properties.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return read(() -> properties.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return read(() -> properties.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return read(() -> properties.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return read(() -> properties.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return read(() -> properties.getObjectProperty(name));
    }

    @Override
    public Set<String> getPropertyNames() {
        Set<String> names = new LinkedHashSet<>();
        Collections.list(properties.getPropertyNames()).forEach(name -> names.add(String.valueOf(name)));
        return Collections.unmodifiableSet(names);
    }

    // ---------------------------------------------------------------- headers

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        correlationIdBytes = correlationID == null ? null : correlationID.clone();
        correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        correlationId = correlationID;
        correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String value) {
        type = value;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination value) {
        replyTo = value;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
