package io.osprey.mq.jms.message;

import io.osprey.mq.jms.destination.OspreyDestination;
import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.jms.destination.OspreyTemporaryQueue;
import io.osprey.mq.jms.destination.OspreyTemporaryTopic;
import io.osprey.mq.jms.destination.OspreyTopic;
import io.osprey.mq.protocol.jms.JmsHeaders;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.Enumeration;

/**
 * Messages and destinations of other JMS providers made into ours, so that they can be sent (spec 3.12: "A provider
 * must be prepared to accept, from a client, a message whose implementation is not one of its own").
 *
 * <p>A foreign message is read only through the {@code jakarta.jms} interfaces. Reading a Bytes or Stream body
 * calls its {@code reset()}, so the application's message is left in read-only mode, as the spec has the provider
 * do for a BytesMessage passed to a CompletionListener.
 */
public final class ForeignMessages {
    private ForeignMessages() {
    }

    /**
     * Copies a message of any provider into a new Osprey message of the same type: body, headers and properties.
     * JMSX properties other than JMSXGroupID and JMSXGroupSeq are left behind: the others are set by a provider, on
     * send or on receipt, and this provider sets its own. A JMSDestination this provider cannot name is left null
     * (sending sets it anyway); a JMSReplyTo it cannot name is an error, since a reply could not reach it.
     *
     * @throws MessageFormatException      for a property this provider cannot send (a name the wire reserves, a
     *                                     value with a separator)
     * @throws InvalidDestinationException for a JMSReplyTo whose name this provider refuses
     */
    public static OspreyMessage toOsprey(Message foreign) throws JMSException {
        if (foreign instanceof OspreyMessage own) {
            return own;
        }
        OspreyMessage copy = copyBody(foreign);
        copyHeaders(foreign, copy);
        copyProperties(foreign, copy);
        return copy;
    }

    /**
     * An Osprey destination for any provider's: ours as is; otherwise by {@code getQueueName()} or
     * {@code getTopicName()}, a temporary one without owner.
     *
     * @return null for null
     * @throws InvalidDestinationException for a destination that is neither Queue nor Topic, or whose name breaks
     *                                     the broker's rules
     */
    public static OspreyDestination toOsprey(Destination foreign) throws JMSException {
        if (foreign == null || foreign instanceof OspreyDestination) {
            return (OspreyDestination) foreign;
        }
        if (foreign instanceof TemporaryQueue q) {
            return new OspreyTemporaryQueue(q.getQueueName(), null);
        }
        if (foreign instanceof Queue q) {
            return new OspreyQueue(q.getQueueName());
        }
        if (foreign instanceof TemporaryTopic t) {
            return new OspreyTemporaryTopic(t.getTopicName(), null);
        }
        if (foreign instanceof Topic t) {
            return new OspreyTopic(t.getTopicName());
        }
        throw new InvalidDestinationException("destination " + foreign + " (" + foreign.getClass().getName()
                + ") is neither a Queue nor a Topic");
    }

    /**
     * After sending a copy of a foreign message, sets on the application's message the headers the send assigned
     * (3.4.11: they "will be available on the sending client"): JMSDestination, JMSDeliveryMode, JMSExpiration,
     * JMSDeliveryTime, JMSPriority, JMSMessageID and JMSTimestamp.
     */
    public static void copySendHeaders(OspreyMessage sent, Message foreign) throws JMSException {
        foreign.setJMSDestination(sent.getJMSDestination());
        foreign.setJMSDeliveryMode(sent.getJMSDeliveryMode());
        foreign.setJMSExpiration(sent.getJMSExpiration());
        foreign.setJMSDeliveryTime(sent.getJMSDeliveryTime());
        foreign.setJMSPriority(sent.getJMSPriority());
        foreign.setJMSMessageID(sent.getJMSMessageID());
        foreign.setJMSTimestamp(sent.getJMSTimestamp());
    }

    private static OspreyMessage copyBody(Message foreign) throws JMSException {
        if (foreign instanceof TextMessage text) {
            return new OspreyTextMessage(text.getText());
        }
        if (foreign instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] body = new byte[Math.toIntExact(bytes.getBodyLength())];
            int read = body.length == 0 ? 0 : bytes.readBytes(body);
            if (read != body.length) {
                throw new MessageFormatException("foreign BytesMessage said it holds " + body.length
                        + " bytes but gave " + read);
            }
            bytes.reset();
            OspreyBytesMessage copy = new OspreyBytesMessage();
            copy.writeBytes(body);
            return copy;
        }
        if (foreign instanceof MapMessage map) {
            OspreyMapMessage copy = new OspreyMapMessage();
            Enumeration<?> names = map.getMapNames();
            while (names.hasMoreElements()) {
                String name = (String) names.nextElement();
                copy.setObject(name, map.getObject(name));
            }
            return copy;
        }
        if (foreign instanceof StreamMessage stream) {
            OspreyStreamMessage copy = new OspreyStreamMessage();
            stream.reset();
            while (true) {
                Object value;
                try {
                    value = stream.readObject();
                } catch (MessageEOFException end) {
                    // The StreamMessage interface has no "has more": its end is this exception.
                    break;
                }
                copy.writeObject(value);
            }
            stream.reset();
            return copy;
        }
        if (foreign instanceof ObjectMessage object) {
            return new OspreyObjectMessage(object.getObject());
        }
        return new OspreyMessage();
    }

    private static void copyHeaders(Message foreign, OspreyMessage copy) throws JMSException {
        copy.setJMSMessageID(foreign.getJMSMessageID());
        copy.setJMSTimestamp(foreign.getJMSTimestamp());
        copy.setJMSCorrelationID(foreign.getJMSCorrelationID());
        copy.setJMSReplyTo(toOsprey(foreign.getJMSReplyTo()));
        copy.setJMSDestination(destinationOrNull(foreign.getJMSDestination()));
        copy.setJMSDeliveryMode(foreign.getJMSDeliveryMode());
        copy.setJMSRedelivered(foreign.getJMSRedelivered());
        copy.setJMSType(foreign.getJMSType());
        copy.setJMSExpiration(foreign.getJMSExpiration());
        copy.setJMSDeliveryTime(foreign.getJMSDeliveryTime());
        copy.setJMSPriority(foreign.getJMSPriority());
    }

    private static OspreyDestination destinationOrNull(Destination foreign) throws JMSException {
        try {
            return toOsprey(foreign);
        } catch (InvalidDestinationException e) {
            // Only the destination it was last sent to, by the other provider; this send sets its own.
            return null;
        }
    }

    private static void copyProperties(Message foreign, OspreyMessage copy) throws JMSException {
        Enumeration<?> names = foreign.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            if (name.startsWith("JMSX") && !name.equals(JmsHeaders.JMSX_GROUP_ID)
                    && !name.equals(JmsHeaders.JMSX_GROUP_SEQ)) {
                continue;
            }
            try {
                copy.setObjectProperty(name, foreign.getObjectProperty(name));
            } catch (IllegalArgumentException e) {
                MessageFormatException format = new MessageFormatException("cannot send property " + name
                        + " of a foreign message: " + e.getMessage());
                format.initCause(e);
                throw format;
            }
        }
    }
}
