package io.osprey.mq.protocol.jms;

/**
 * The values of the {@link JmsHeaders#OSPREY_BODY} property: which JMS message type a RocketMQ message's body is.
 *
 * <p>A message without the property, or with a value this version does not know, is a {@link #BYTES} message: the
 * spec (3.11.4) asks a provider to turn a native message into the best JMS type it can, and a BytesMessage can hold
 * any body. A stock RocketMQ producer that sets {@code OSPREY_BODY=text} makes its UTF-8 body a TextMessage.
 */
public enum JmsBodyType {
    /** TextMessage: the body is the text in UTF-8. */
    TEXT("text"),
    /** BytesMessage: the body as written. */
    BYTES("bytes"),
    /** MapMessage: the typed binary encoding described in the README's mapping section. */
    MAP("map"),
    /** StreamMessage: the same typed values as a map, without names, in write order. */
    STREAM("stream"),
    /** ObjectMessage: the object's Java serialization; an empty body is a null object. */
    OBJECT("object"),
    /** A plain Message: no body. */
    MESSAGE("message");

    private final String wireName;

    JmsBodyType(String wireName) {
        this.wireName = wireName;
    }

    /** The value of {@code OSPREY_BODY}. */
    public String wireName() {
        return wireName;
    }

    /** The body type named by an {@code OSPREY_BODY} value; null or unknown values are {@link #BYTES}. */
    public static JmsBodyType fromWire(String value) {
        if (value != null) {
            for (JmsBodyType type : values()) {
                if (type.wireName.equals(value)) {
                    return type;
                }
            }
        }
        return BYTES;
    }
}
