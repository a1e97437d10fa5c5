package io.osprey.mq.jms.message;

import io.osprey.mq.jms.destination.OspreyDestination;
import io.osprey.mq.protocol.jms.JmsBodyType;
import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.jms.MalformedJmsMessageException;
import io.osprey.mq.protocol.jms.TypedProperties;
import io.osprey.mq.protocol.jms.TypedPropertyWriter;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JMS messages to RocketMQ messages and back, in the form {@code io.osprey.mq.protocol.jms} defines and the README's
 * "JMS ↔ RocketMQ mapping" section tabulates.
 *
 * <pre>
 *   UNIQ_KEY          the JMSMessageID without "ID:" (when it has one)
 *   OSPREY_BODY       text | bytes | map | stream | object | message
 *   JMSDestination, JMSDeliveryMode (PERSISTENT | NON_PERSISTENT), JMSPriority,
 *   JMSTimestamp, JMSExpiration, JMSDeliveryTime (each when not 0),
 *   JMSCorrelationID or JMSCorrelationIDAsBytes (Base64), JMSType, JMSReplyTo (queue://name ...)
 *   the JMS properties, each as its toString(), but JMSXDeliveryCount and the other receipt-side JMSX ones
 *   OSPREY_TYPES      the types of the non-String properties, empty and null Strings, a null text
 *
 *   body: text UTF-8 | bytes as written | map, stream: {@link TypedBodyCodec} | object: Java serialization,
 *         empty for null | message: empty
 * </pre>
 *
 * <p>Decoding reverses this; a message without {@code OSPREY_BODY} (a stock RocketMQ producer's) is a BytesMessage,
 * one with {@code OSPREY_BODY=text} a TextMessage of its UTF-8 body, and properties without {@code OSPREY_TYPES}
 * entries are Strings. A decoded message's properties and body are read-only (3.10).
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    /**
     * Encodes a message of this provider or another (converted by {@link ForeignMessages}); the message is not
     * changed, so it can be sent again or modified afterwards (3.9).
     *
     * @throws MessageFormatException      for what a RocketMQ message cannot carry: a header String or property
     *                                     with {@code \u0001}/{@code \u0002} or an unpaired surrogate, a text
     *                                     with an unpaired surrogate, a delivery mode or priority out of range,
     *                                     properties over 32,767 bytes
     * @throws InvalidDestinationException for a JMSDestination or JMSReplyTo this provider cannot name
     */
    public static EncodedMessage encode(Message message) throws JMSException {
        OspreyMessage m = message instanceof OspreyMessage own ? own : ForeignMessages.toOsprey(message);
        LinkedHashMap<String, String> wire = new LinkedHashMap<>();
        String uniqKey = JmsHeaders.uniqKey(m.getJMSMessageID());
        if (uniqKey != null) {
            wire.put(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey);
        }
        wire.put(JmsHeaders.OSPREY_BODY, m.bodyType().wireName());
        TypedPropertyWriter writer = new TypedPropertyWriter(wire);
        try {
            putHeaders(m, writer);
            m.propertiesView().forEach((name, value) -> {
                if (!JmsHeaders.isReceiptJmsxProperty(name)) {
                    writer.putProperty(name, value);
                }
            });
            byte[] body = body(m, writer);
            writer.finish();
            MessageProperties.encode(wire);
            return new EncodedMessage(body, Collections.unmodifiableMap(wire));
        } catch (IllegalArgumentException e) {
            throw formatException("cannot send " + m + " as a RocketMQ message: " + e.getMessage(), e);
        }
    }

    private static void putHeaders(OspreyMessage m, TypedPropertyWriter writer) throws JMSException {
        Destination destination = m.getJMSDestination();
        if (destination != null) {
            writer.putHeader(JmsHeaders.JMS_DESTINATION, ForeignMessages.toOsprey(destination).format());
        }
        writer.putHeader(JmsHeaders.JMS_DELIVERY_MODE, JmsHeaders.deliveryModeName(m.getJMSDeliveryMode()));
        int priority = m.getJMSPriority();
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("JMSPriority must be 0 to 9, got " + priority);
        }
        writer.putHeader(JmsHeaders.JMS_PRIORITY, Integer.toString(priority));
        putLong(writer, JmsHeaders.JMS_TIMESTAMP, m.getJMSTimestamp());
        putLong(writer, JmsHeaders.JMS_EXPIRATION, m.getJMSExpiration());
        putLong(writer, JmsHeaders.JMS_DELIVERY_TIME, m.getJMSDeliveryTime());
        if (m.hasCorrelationIdBytes()) {
            writer.putHeader(JmsHeaders.JMS_CORRELATION_ID_AS_BYTES,
                    Base64.getEncoder().encodeToString(m.getJMSCorrelationIDAsBytes()));
        } else {
            writer.putHeader(JmsHeaders.JMS_CORRELATION_ID, m.getJMSCorrelationID());
        }
        writer.putHeader(JmsHeaders.JMS_TYPE, m.getJMSType());
        Destination replyTo = m.getJMSReplyTo();
        if (replyTo != null) {
            writer.putHeader(JmsHeaders.JMS_REPLY_TO, ForeignMessages.toOsprey(replyTo).format());
        }
    }

    private static void putLong(TypedPropertyWriter writer, String name, long value) {
        if (value != 0) {
            writer.putHeader(name, Long.toString(value));
        }
    }

    private static byte[] body(OspreyMessage m, TypedPropertyWriter writer) {
        if (m instanceof OspreyTextMessage text) {
            String s = text.getText();
            if (s == null) {
                writer.markNull(JmsHeaders.OSPREY_BODY);
                return new byte[0];
            }
            if (TypedBodyCodec.hasUnpairedSurrogate(s)) {
                throw new IllegalArgumentException("the text has an unpaired surrogate, which UTF-8 cannot hold");
            }
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (m instanceof OspreyBytesMessage bytes) {
            return bytes.bodyBytes();
        }
        if (m instanceof OspreyMapMessage map) {
            return TypedBodyCodec.encodeMap(map.entriesView());
        }
        if (m instanceof OspreyStreamMessage stream) {
            return TypedBodyCodec.encodeStream(stream.valuesView());
        }
        if (m instanceof OspreyObjectMessage object) {
            byte[] serialized = object.serializedForm();
            return serialized == null ? new byte[0] : serialized.clone();
        }
        return new byte[0];
    }

    /**
     * Decodes a RocketMQ message into a read-only JMS message. JMSRedelivered is false and JMSXDeliveryCount absent
     * until the receiving side calls {@link OspreyMessage#markDelivered(int)}.
     *
     * @param body       the RocketMQ body, null reading as empty; a Bytes or Object message keeps this array, so the
     *                   caller hands it over and does not change it afterwards
     * @param properties the RocketMQ properties
     * @throws MessageFormatException for properties or a map/stream body that do not read as their type say, or
     *                                a JMSDestination/JMSReplyTo that is not a valid destination string
     */
    public static OspreyMessage decode(byte[] body, Map<String, String> properties) throws JMSException {
        byte[] bytes = body == null ? new byte[0] : body;
        try {
            OspreyMessage message = decodeBody(bytes, properties);
            decodeHeaders(message, properties);
            TypedProperties.decode(properties).forEach(message::putDecodedProperty);
            message.setReadOnly();
            return message;
        } catch (MalformedJmsMessageException e) {
            throw formatException("cannot read RocketMQ message " + properties.get(
                    MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX) + " as a JMS message: " + e.getMessage(), e);
        }
    }

    private static OspreyMessage decodeBody(byte[] body, Map<String, String> properties) throws JMSException {
        JmsBodyType type = JmsBodyType.fromWire(properties.get(JmsHeaders.OSPREY_BODY));
        switch (type) {
            case TEXT: {
                boolean isNull = TypedProperties.isMarkedNull(properties, JmsHeaders.OSPREY_BODY);
                return new OspreyTextMessage(isNull ? null : new String(body, StandardCharsets.UTF_8));
            }
            case MAP: {
                OspreyMapMessage map = new OspreyMapMessage();
                TypedBodyCodec.decodeMap(body).forEach(map::putDecoded);
                return map;
            }
            case STREAM: {
                OspreyStreamMessage stream = new OspreyStreamMessage();
                TypedBodyCodec.decodeStream(body).forEach(stream::addDecoded);
                return stream;
            }
            case OBJECT: {
                OspreyObjectMessage object = new OspreyObjectMessage();
                object.setSerializedForm(body.length == 0 ? null : body);
                return object;
            }
            case MESSAGE:
                return new OspreyMessage();
            case BYTES:
            default: {
                OspreyBytesMessage bytes = new OspreyBytesMessage();
                bytes.setReceivedBody(body);
                return bytes;
            }
        }
    }

    private static void decodeHeaders(OspreyMessage m, Map<String, String> wire) throws JMSException {
        m.setJMSMessageID(JmsHeaders.messageId(wire));
        m.setJMSDestination(destination(wire, JmsHeaders.JMS_DESTINATION));
        m.setJMSDeliveryMode(JmsHeaders.deliveryMode(wire.get(JmsHeaders.JMS_DELIVERY_MODE)));
        m.setJMSPriority(TypedProperties.priority(wire));
        m.setJMSTimestamp(TypedProperties.longHeader(wire, JmsHeaders.JMS_TIMESTAMP));
        m.setJMSExpiration(TypedProperties.longHeader(wire, JmsHeaders.JMS_EXPIRATION));
        m.setJMSDeliveryTime(TypedProperties.longHeader(wire, JmsHeaders.JMS_DELIVERY_TIME));
        byte[] correlationBytes = TypedProperties.correlationIdBytes(wire);
        if (correlationBytes != null) {
            m.setJMSCorrelationIDAsBytes(correlationBytes);
        } else {
            m.setJMSCorrelationID(TypedProperties.headerString(wire, JmsHeaders.JMS_CORRELATION_ID));
        }
        m.setJMSType(TypedProperties.headerString(wire, JmsHeaders.JMS_TYPE));
        m.setJMSReplyTo(destination(wire, JmsHeaders.JMS_REPLY_TO));
    }

    private static OspreyDestination destination(Map<String, String> wire, String header)
            throws MessageFormatException {
        String address = wire.get(header);
        if (address == null) {
            return null;
        }
        try {
            return OspreyDestination.parse(address);
        } catch (InvalidDestinationException e) {
            throw formatException(header + " is not a destination: " + e.getMessage(), e);
        }
    }

    private static MessageFormatException formatException(String message, Exception cause) {
        MessageFormatException e = new MessageFormatException(message);
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
