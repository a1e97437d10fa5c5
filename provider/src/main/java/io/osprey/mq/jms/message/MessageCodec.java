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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *   OSPREY_TYPES      the types of the non-String properties, empty and null Strings, a null text, and which
 *                     names and values travel escaped (they held U+0001, U+0002 or an unpaired surrogate)
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
    private static final Logger LOG = LoggerFactory.getLogger(MessageCodec.class);

    private MessageCodec() {
    }

    /**
     * Encodes a message of this provider or another (converted by {@link ForeignMessages}); the message is not
     * changed, so it can be sent again or modified afterwards (3.9).
     *
     * @throws MessageFormatException      for what a RocketMQ message cannot carry: a text with an unpaired
     *                                     surrogate, a delivery mode or priority out of range,
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
                String unreadable = m.unreadablePropertyReason(name);
                if (unreadable != null) {
                    throw new IllegalArgumentException("its property " + name + " cannot be read: " + unreadable);
                }
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
        if (m.unreadableBody() != null) {
            throw new IllegalArgumentException("its body cannot be read: " + m.unreadableBody());
        }
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
     * Decodes a RocketMQ message into a read-only JMS message, as {@link #decode(byte[], Map, WireOrigin)} with
     * {@link WireOrigin#UNKNOWN}.
     */
    public static OspreyMessage decode(byte[] body, Map<String, String> properties) throws JMSException {
        return decode(body, properties, WireOrigin.UNKNOWN);
    }

    /**
     * Decodes a RocketMQ message into a read-only JMS message. JMSRedelivered is false and JMSXDeliveryCount absent
     * until the receiving side calls {@link OspreyMessage#markDelivered(int)}.
     *
     * <p>Decoding never fails, so a message a RocketMQ producer wrote by hand never stops a consumer: it is delivered,
     * and only what cannot be read fails, when it is read. A property whose value does not parse as its
     * {@code OSPREY_TYPES} type (every property, when {@code OSPREY_TYPES} itself does not parse) exists but reading it
     * is a {@link MessageFormatException}; so is every read of a map or stream body that is not the documented
     * form. A header whose wire value is not of its form ({@code JMSPriority=high}, a {@code JMSReplyTo} without a
     * scheme) reads as the header's default, as the broker's dispatch and selectors take it, and is logged. A message
     * without the headers a JMS producer always writes takes JMSDestination and JMSTimestamp from {@code origin}.
     *
     * @param body       the RocketMQ body, null reading as empty; a Bytes or Object message keeps this array, so the
     *                   caller hands it over and does not change it afterwards
     * @param properties the RocketMQ properties
     * @param origin     where the message was consumed from and when its producer made it
     * @throws JMSException not for anything on the wire: only as the body's {@code reset()} declares it
     */
    public static OspreyMessage decode(byte[] body, Map<String, String> properties, WireOrigin origin)
            throws JMSException {
        byte[] bytes = body == null ? new byte[0] : body;
        OspreyMessage message = decodeBody(bytes, properties);
        decodeHeaders(message, properties, origin);
        TypedProperties.decode(properties, new TypedProperties.PropertySink() {
            @Override
            public void value(String name, Object value) {
                message.putDecodedProperty(name, value);
            }

            @Override
            public void unreadable(String name, MalformedJmsMessageException problem) {
                message.putUnreadableProperty(name, problem.getMessage());
            }
        });
        message.setReadOnly();
        return message;
    }

    /**
     * Decodes a RocketMQ message whose body this provider cannot read (compressed with an algorithm it lacks) as
     * {@link #decode(byte[], Map, WireOrigin)} does, into a BytesMessage (whatever {@code OSPREY_BODY} says, spec
     * 3.11.4's type for a message a provider cannot interpret) whose every body read is a
     * {@link MessageFormatException} saying {@code problem}; its headers and properties are readable.
     */
    public static OspreyMessage decodeWithUnreadableBody(Map<String, String> properties, WireOrigin origin,
                                                         String problem) throws JMSException {
        Map<String, String> asBytes = new LinkedHashMap<>(properties);
        asBytes.remove(JmsHeaders.OSPREY_BODY);
        OspreyMessage message = decode(new byte[0], asBytes, origin);
        message.markBodyUnreadable(problem);
        return message;
    }

    private static OspreyMessage decodeBody(byte[] body, Map<String, String> properties) {
        JmsBodyType type = JmsBodyType.fromWire(properties.get(JmsHeaders.OSPREY_BODY));
        switch (type) {
            case TEXT: {
                boolean isNull;
                try {
                    isNull = TypedProperties.isMarkedNull(properties, JmsHeaders.OSPREY_BODY);
                } catch (MalformedJmsMessageException e) {
                    isNull = false; // the properties say why when read; the text is still there
                }
                return new OspreyTextMessage(isNull ? null : new String(body, StandardCharsets.UTF_8));
            }
            case MAP: {
                OspreyMapMessage map = new OspreyMapMessage();
                try {
                    TypedBodyCodec.decodeMap(body).forEach(map::putDecoded);
                } catch (MessageFormatException e) {
                    map.clearBodyContent();
                    map.markBodyUnreadable(e.getMessage());
                }
                return map;
            }
            case STREAM: {
                OspreyStreamMessage stream = new OspreyStreamMessage();
                try {
                    TypedBodyCodec.decodeStream(body).forEach(stream::addDecoded);
                } catch (MessageFormatException e) {
                    stream.clearBodyContent();
                    stream.markBodyUnreadable(e.getMessage());
                }
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

    private static void decodeHeaders(OspreyMessage m, Map<String, String> wire, WireOrigin origin) {
        HeaderReader headers = new HeaderReader(wire);
        m.setJMSMessageID(JmsHeaders.messageId(wire));
        OspreyDestination destination = headers.read(JmsHeaders.JMS_DESTINATION, null,
                () -> destination(wire, JmsHeaders.JMS_DESTINATION));
        m.setJMSDestination(destination != null ? destination : origin.destination());
        m.setJMSDeliveryMode(headers.read(JmsHeaders.JMS_DELIVERY_MODE, JmsHeaders.DELIVERY_MODE_PERSISTENT,
                () -> JmsHeaders.deliveryMode(wire.get(JmsHeaders.JMS_DELIVERY_MODE))));
        m.setJMSPriority(headers.read(JmsHeaders.JMS_PRIORITY, JmsHeaders.DEFAULT_PRIORITY,
                () -> TypedProperties.priority(wire)));
        // a JMS producer always writes JMSDeliveryMode, and leaves JMSTimestamp out only when timestamps are
        // disabled (3.4.4: then it is 0); a message without both is not a JMS producer's, and its born timestamp is
        // when it was sent
        long timestamp = headers.read(JmsHeaders.JMS_TIMESTAMP, 0L,
                () -> TypedProperties.longHeader(wire, JmsHeaders.JMS_TIMESTAMP));
        boolean fromJmsProducer = wire.containsKey(JmsHeaders.JMS_DELIVERY_MODE)
                || wire.containsKey(JmsHeaders.JMS_TIMESTAMP);
        m.setJMSTimestamp(fromJmsProducer ? timestamp : origin.bornTimestamp());
        m.setJMSExpiration(headers.read(JmsHeaders.JMS_EXPIRATION, 0L,
                () -> TypedProperties.longHeader(wire, JmsHeaders.JMS_EXPIRATION)));
        m.setJMSDeliveryTime(headers.read(JmsHeaders.JMS_DELIVERY_TIME, 0L,
                () -> TypedProperties.longHeader(wire, JmsHeaders.JMS_DELIVERY_TIME)));
        byte[] correlationBytes = headers.read(JmsHeaders.JMS_CORRELATION_ID_AS_BYTES, null,
                () -> TypedProperties.correlationIdBytes(wire));
        if (correlationBytes != null) {
            m.setJMSCorrelationIDAsBytes(correlationBytes);
        } else {
            m.setJMSCorrelationID(headers.string(JmsHeaders.JMS_CORRELATION_ID));
        }
        m.setJMSType(headers.string(JmsHeaders.JMS_TYPE));
        m.setJMSReplyTo(headers.read(JmsHeaders.JMS_REPLY_TO, null, () -> destination(wire, JmsHeaders.JMS_REPLY_TO)));
    }

    private static OspreyDestination destination(Map<String, String> wire, String header) {
        String address = wire.get(header);
        if (address == null) {
            return null;
        }
        try {
            return OspreyDestination.parse(address);
        } catch (InvalidDestinationException e) {
            throw new MalformedJmsMessageException(header + " is not a destination: " + e.getMessage(), e);
        }
    }

    /** Reads headers, each falling back to its default when its wire value is malformed, with a warning. */
    private static final class HeaderReader {
        private final Map<String, String> wire;

        HeaderReader(Map<String, String> wire) {
            this.wire = wire;
        }

        <T> T read(String header, T fallback, Supplier<T> reader) {
            try {
                return reader.get();
            } catch (MalformedJmsMessageException e) {
                LOG.warn("RocketMQ message {}: header {} read as its default {}: {}",
                        wire.get(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX), header, fallback, e.getMessage());
                return fallback;
            }
        }

        /** A String header: its value, or "" when OSPREY_TYPES marks it empty (read as absent when that fails). */
        String string(String header) {
            return read(header, wire.get(header), () -> TypedProperties.headerString(wire, header));
        }
    }

    private static MessageFormatException formatException(String message, Exception cause) {
        MessageFormatException e = new MessageFormatException(message);
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
