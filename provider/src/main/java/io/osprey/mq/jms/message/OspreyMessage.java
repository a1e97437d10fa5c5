package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsBodyType;
import io.osprey.mq.protocol.jms.JmsHeaders;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;

/**
 * A JMS message of Osprey's provider, and the plain {@link Message} without a body; the five body types extend it.
 *
 * <p>Headers are plain fields, never read-only (spec 3.10). Properties follow 3.5: names checked when set, the
 * conversion table of 3.5.4 when read, read-only after receipt until {@link #clearProperties()}. The body is
 * read-only after receipt until {@link #clearBody()} (3.11.2).
 *
 * <p>The receiving side calls {@link #markDelivered(int)} and {@link #setAcknowledger(Acknowledger)} before it hands
 * a decoded message to the application. Not thread-safe, like the session that owns it (spec 2.8).
 */
public class OspreyMessage implements Message {
    private String messageId;
    private long timestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;

    private final MessagePropertyMap properties = new MessagePropertyMap();
    private boolean bodyReadOnly;
    /** Why a received map or stream body cannot be read, or null. */
    private String unreadableBody;
    private Acknowledger acknowledger;

    /** A new, writable message without a body. */
    public OspreyMessage() {
    }

    // ---- headers (3.4) ----

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /**
     * The correlation id as bytes: the bytes it was set as, or the UTF-8 encoding of the String it was set as, or
     * null.
     */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    /** Sets the correlation id as a copy of {@code correlationID}; it replaces one set as a String. */
    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIdBytes = correlationID == null ? null : correlationID.clone();
        this.correlationId = null;
    }

    /** Sets the correlation id as a String; it replaces one set as bytes. */
    @Override
    public void setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
    }

    /**
     * The correlation id as a String: the String it was set as, or the UTF-8 reading of the bytes it was set as,
     * or null.
     */
    @Override
    public String getJMSCorrelationID() {
        if (correlationId != null) {
            return correlationId;
        }
        return correlationIdBytes == null ? null : new String(correlationIdBytes, StandardCharsets.UTF_8);
    }

    /** Whether the correlation id was set as bytes, the form the wire keeps apart (JMSCorrelationIDAsBytes). */
    final boolean hasCorrelationIdBytes() {
        return correlationIdBytes != null;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // ---- receipt ----

    /**
     * For the receiving side: the broker's delivery count of this delivery, 1 the first time. Sets the
     * {@code JMSXDeliveryCount} property (3.5.11) and {@code JMSRedelivered} (3.4.7: true from the second delivery),
     * even on read-only properties.
     *
     * @throws IllegalArgumentException for a count below 1
     */
    public final void markDelivered(int deliveryCount) {
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("a delivery count starts at 1, got " + deliveryCount);
        }
        properties.putUnchecked(JmsHeaders.JMSX_DELIVERY_COUNT, deliveryCount);
        redelivered = deliveryCount > 1;
    }

    /** For the receiving session: what {@link #acknowledge()} calls; null (a message the application built) for none. */
    public final void setAcknowledger(Acknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    /**
     * Acknowledges through the session that received this message (6.2.10); a message without an
     * {@link Acknowledger}, such as one the application created, ignores the call.
     */
    @Override
    public final void acknowledge() throws JMSException {
        Acknowledger current = acknowledger;
        if (current != null) {
            current.acknowledge(this);
        }
    }

    /** Makes properties and body read-only, as a received message's are (3.10); Bytes and Stream bodies reset. */
    final void setReadOnly() throws JMSException {
        properties.setReadOnly();
        bodyReadOnly = true;
        onBodyReadOnly();
    }

    // ---- properties (3.5) ----

    @Override
    public final void clearProperties() {
        properties.clear();
    }

    @Override
    public final boolean propertyExists(String name) {
        return properties.contains(name);
    }

    @Override
    public final boolean getBooleanProperty(String name) throws JMSException {
        return Conversions.toBoolean(properties.get(name));
    }

    @Override
    public final byte getByteProperty(String name) throws JMSException {
        return Conversions.toByte(properties.get(name));
    }

    @Override
    public final short getShortProperty(String name) throws JMSException {
        return Conversions.toShort(properties.get(name));
    }

    @Override
    public final int getIntProperty(String name) throws JMSException {
        return Conversions.toInt(properties.get(name));
    }

    @Override
    public final long getLongProperty(String name) throws JMSException {
        return Conversions.toLong(properties.get(name));
    }

    @Override
    public final float getFloatProperty(String name) throws JMSException {
        return Conversions.toFloat(properties.get(name));
    }

    @Override
    public final double getDoubleProperty(String name) throws JMSException {
        return Conversions.toDouble(properties.get(name));
    }

    @Override
    public final String getStringProperty(String name) throws JMSException {
        return Conversions.toStringValue(properties.get(name));
    }

    /** @throws MessageFormatException for a received property whose wire value cannot be read as its type */
    @Override
    public final Object getObjectProperty(String name) throws JMSException {
        return properties.get(name);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public final Enumeration getPropertyNames() {
        return properties.names();
    }

    @Override
    public final void setBooleanProperty(String name, boolean value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setByteProperty(String name, byte value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setShortProperty(String name, short value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setIntProperty(String name, int value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setLongProperty(String name, long value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setFloatProperty(String name, float value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setDoubleProperty(String name, double value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setStringProperty(String name, String value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public final void setObjectProperty(String name, Object value) throws JMSException {
        properties.set(name, value);
    }

    /** The properties in insertion order, for encoding. */
    final Map<String, Object> propertiesView() {
        return properties.view();
    }

    /** A decoded property, put without the application's checks (its name came from the wire). */
    final void putDecodedProperty(String name, Object value) {
        properties.putUnchecked(name, value);
    }

    /** A received property that exists but cannot be read: reading it throws MessageFormatException with why. */
    final void putUnreadableProperty(String name, String problem) {
        properties.putUnreadable(name, problem);
    }

    /** Why the property {@code name} cannot be read, or null; for encoding a received message again. */
    final String unreadablePropertyReason(String name) {
        return properties.unreadableReason(name);
    }

    // ---- body (3.11; getBody in the Message javadoc) ----

    @Override
    public final void clearBody() throws JMSException {
        clearBodyContent();
        bodyReadOnly = false;
        unreadableBody = null;
    }

    /**
     * The body as {@code c} (Message javadoc): null when the message has no body, whatever {@code c} is.
     *
     * @throws MessageFormatException when the body cannot be assigned to {@code c}, for every StreamMessage, and for
     *                                an ObjectMessage whose object cannot be deserialized
     */
    @Override
    public final <T> T getBody(Class<T> c) throws JMSException {
        checkBodyReadable();
        Object body = bodyAs(c);
        return body == null ? null : c.cast(body);
    }

    /** Whether {@link #getBody(Class)} with {@code c} would not throw {@link MessageFormatException}. */
    @Override
    @SuppressWarnings("rawtypes")
    public final boolean isBodyAssignableTo(Class c) throws JMSException {
        checkBodyReadable();
        return bodyAssignableTo(c);
    }

    /** The value of {@code OSPREY_BODY} for this message. */
    JmsBodyType bodyType() {
        return JmsBodyType.MESSAGE;
    }

    /** Empties the body; {@link #clearBody()} then makes it writable. */
    void clearBodyContent() throws JMSException {
    }

    /** The body for {@link #getBody}: a copy, or null for no body; throws when not assignable to {@code c}. */
    Object bodyAs(Class<?> c) throws JMSException {
        return null;
    }

    /** For {@link #isBodyAssignableTo}: true when there is no body, whatever {@code c} is. */
    boolean bodyAssignableTo(Class<?> c) throws JMSException {
        return true;
    }

    /** Called when the body becomes read-only on receipt: Bytes and Stream messages move to read mode. */
    void onBodyReadOnly() throws JMSException {
    }

    /**
     * @throws MessageNotWriteableException when the body is read-only
     */
    final void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException("the body of " + getClass().getSimpleName() + " is read-only"
                    + " (spec 3.11.2: a received message's body, or a Bytes or Stream message after reset());"
                    + " clearBody() makes it writable");
        }
    }

    /**
     * For decoding: the received body does not read as its type says (a map or stream body a RocketMQ producer
     * wrote by hand). The message is still delivered, with its headers and properties; every read of its body is a
     * {@link MessageFormatException} saying why, until {@link #clearBody()}.
     */
    final void markBodyUnreadable(String problem) {
        this.unreadableBody = problem;
    }

    /** @throws MessageFormatException when the received body cannot be read ({@link #markBodyUnreadable}) */
    final void checkBodyReadable() throws MessageFormatException {
        if (unreadableBody != null) {
            throw new MessageFormatException("the body of " + this + " cannot be read: " + unreadableBody);
        }
    }

    /** Why the received body cannot be read, or null. */
    final String unreadableBody() {
        return unreadableBody;
    }

    final boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    final void setBodyReadOnly(boolean readOnly) {
        this.bodyReadOnly = readOnly;
    }

    static MessageFormatException notAssignable(String bodyType, Class<?> c) {
        return new MessageFormatException("the body of a " + bodyType + " cannot be assigned to " + c.getName());
    }

    /** The message's type, id and destination: enough to find it in a log, never its body. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination + "]";
    }
}
