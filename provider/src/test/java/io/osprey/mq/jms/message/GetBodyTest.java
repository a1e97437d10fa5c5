package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Message.getBody} and {@code Message.isBodyAssignableTo} (their javadoc in Message)
 * for every message type, with a body and without one: "If the message has no body then any type may be specified
 * and null is returned"; a StreamMessage never; a BytesMessage "will reset ... before and after use"; an
 * ObjectMessage whose object cannot be deserialized is a MessageFormatException for getBody and false for
 * isBodyAssignableTo.
 */
class GetBodyTest {
    private static final List<Class<?>> ANY = List.of(Object.class, String.class, byte[].class, Map.class,
            Integer.class, List.class, Serializable.class);

    @Test
    void aPlainMessageHasNoBodyForAnyType() throws JMSException {
        OspreyMessage m = new OspreyMessage();
        for (Class<?> c : ANY) {
            assertThat(m.getBody(c)).isNull();
            assertThat(m.isBodyAssignableTo(c)).isTrue();
        }
    }

    @Test
    void textIsAssignableToStringAndItsSupertypes() throws JMSException {
        OspreyTextMessage m = new OspreyTextMessage("hi");

        for (Class<?> c : List.of(String.class, Object.class, CharSequence.class, Comparable.class,
                Serializable.class)) {
            assertThat(m.getBody(c)).as(c.getName()).isEqualTo("hi");
            assertThat(m.isBodyAssignableTo(c)).isTrue();
        }
        for (Class<?> c : List.of(Integer.class, byte[].class, Map.class, StringBuilder.class)) {
            assertThat(m.isBodyAssignableTo(c)).as(c.getName()).isFalse();
            assertThatThrownBy(() -> m.getBody(c)).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining("cannot be assigned to " + c.getName());
        }
        assertThat(new OspreyTextMessage("").getBody(String.class)).as("an empty text is a body").isEmpty();
    }

    @Test
    void bytesAreAssignableToByteArrayAndObject() throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3});

        assertThat(m.isBodyAssignableTo(byte[].class)).isTrue();
        assertThat(m.isBodyAssignableTo(Object.class)).isTrue();
        assertThat(m.isBodyAssignableTo(String.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(String.class)).isInstanceOf(MessageFormatException.class);
        byte[] body = m.getBody(byte[].class);
        assertThat(body).containsExactly(1, 2, 3);
        assertThat((byte[]) m.getBody(Object.class)).containsExactly(1, 2, 3);
        body[0] = 9;
        assertThat(m.getBody(byte[].class)).as("a copy").containsExactly(1, 2, 3);
    }

    @Test
    void getBodyResetsABytesMessageBeforeAndAfter() throws JMSException {
        OspreyBytesMessage m = (OspreyBytesMessage) MessageCodecTest.throughRocketMq(bytes(1, 2, 3));
        assertThat(m.readByte()).isEqualTo((byte) 1);

        assertThat(m.getBody(byte[].class)).containsExactly(1, 2, 3);

        assertThat(m.readByte()).as("rewound after use").isEqualTo((byte) 1);
    }

    @Test
    void aMapIsAssignableToMapAndObjectOnly() throws JMSException {
        OspreyMapMessage m = new OspreyMapMessage();
        m.setInt("i", 1);
        m.setBytes("b", new byte[] {7});

        Map<?, ?> body = m.getBody(Map.class);
        assertThat(body.get("i")).isEqualTo(1);
        assertThat((byte[]) body.get("b")).containsExactly(7);
        assertThat(m.getBody(Object.class)).isInstanceOf(Map.class);
        assertThat(m.isBodyAssignableTo(Map.class)).isTrue();
        for (Class<?> c : List.of(HashMap.class, String.class, byte[].class)) {
            assertThat(m.isBodyAssignableTo(c)).as(c.getName()).isFalse();
            assertThatThrownBy(() -> m.getBody(c)).isInstanceOf(MessageFormatException.class);
        }
        ((byte[]) body.get("b"))[0] = 0;
        assertThat(m.getBytes("b")).as("a copy").containsExactly(7);
    }

    @Test
    void anObjectIsAssignableToItsClassesAndInterfaces() throws JMSException {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        OspreyObjectMessage m = new OspreyObjectMessage(list);

        for (Class<?> c : List.of(Serializable.class, ArrayList.class, List.class, Object.class)) {
            assertThat(m.getBody(c)).as(c.getName()).isEqualTo(list).isNotSameAs(list);
            assertThat(m.isBodyAssignableTo(c)).isTrue();
        }
        assertThat(m.isBodyAssignableTo(String.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(Map.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.util.ArrayList");
    }

    @Test
    void anObjectThatCannotBeDeserializedIsNotAssignable() throws JMSException {
        OspreyMessage m = MessageCodec.decode(new byte[] {1, 2, 3}, Map.of("OSPREY_BODY", "object"));

        assertThat(m.isBodyAssignableTo(Object.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(Object.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("cannot deserialize");
    }

    @Test
    void aStreamHasNoGetBody() throws JMSException {
        OspreyStreamMessage empty = new OspreyStreamMessage();
        OspreyStreamMessage full = new OspreyStreamMessage();
        full.writeInt(1);

        for (OspreyStreamMessage m : List.of(empty, full)) {
            for (Class<?> c : ANY) {
                assertThat(m.isBodyAssignableTo(c)).isFalse();
                assertThatThrownBy(() -> m.getBody(c)).isInstanceOf(MessageFormatException.class);
            }
        }
    }

    @Test
    void withoutABodyEveryTypeIsAssignableAndNullIsReturned() throws JMSException {
        List<OspreyMessage> empty = List.of(new OspreyTextMessage(), new OspreyBytesMessage(), new OspreyMapMessage(),
                new OspreyObjectMessage(), MessageCodecTest.throughRocketMq(new OspreyTextMessage()),
                MessageCodecTest.throughRocketMq(new OspreyBytesMessage()),
                MessageCodecTest.throughRocketMq(new OspreyMapMessage()),
                MessageCodecTest.throughRocketMq(new OspreyObjectMessage()));
        for (OspreyMessage m : empty) {
            for (Class<?> c : ANY) {
                assertThat(m.isBodyAssignableTo(c)).as(m + " " + c.getName()).isTrue();
                assertThat(m.getBody(c)).as(m + " " + c.getName()).isNull();
            }
        }
    }

    @Test
    void receivedBodiesAreReturnedToo() throws JMSException {
        OspreyMapMessage map = new OspreyMapMessage();
        map.setString("k", "v");

        assertThat(MessageCodecTest.throughRocketMq(new OspreyTextMessage("t")).getBody(String.class)).isEqualTo("t");
        Map<?, ?> body = MessageCodecTest.throughRocketMq(map).getBody(Map.class);
        assertThat(body).isEqualTo(Map.of("k", "v"));
        assertThat(MessageCodecTest.throughRocketMq(new OspreyObjectMessage(5L)).getBody(Long.class)).isEqualTo(5L);
        assertThat(MessageCodecTest.throughRocketMq(bytes(4)).getBody(byte[].class)).containsExactly(4);
    }

    private static OspreyBytesMessage bytes(int... values) throws JMSException {
        OspreyBytesMessage m = new OspreyBytesMessage();
        for (int v : values) {
            m.writeByte((byte) v);
        }
        return m;
    }
}
