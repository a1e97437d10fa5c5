package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * ObjectMessage and TextMessage javadoc, and spec 3.12 ("write/set methods ... must be implemented to copy their
 * input objects into the message"; "read/get methods ... must be implemented to return a copy"): an ObjectMessage
 * serializes at setObject; a TextMessage's text may be null.
 */
class ObjectAndTextMessageTest {

    @Test
    void theObjectIsCopiedWhenSetSoLaterChangesDoNotReachTheMessage() throws JMSException {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        OspreyObjectMessage m = new OspreyObjectMessage();
        m.setObject(list);

        list.add("b");

        assertThat(m.getObject()).isEqualTo(List.of("a"));
    }

    @Test
    void eachReadIsANewCopy() throws JMSException {
        OspreyObjectMessage m = new OspreyObjectMessage(new ArrayList<>(List.of("a")));

        @SuppressWarnings("unchecked")
        List<String> first = (List<String>) m.getObject();
        first.add("changed");

        assertThat(m.getObject()).isEqualTo(List.of("a")).isNotSameAs(first);
    }

    @Test
    void anObjectThatCannotBeSerializedIsAFormatErrorWhenSet() {
        OspreyObjectMessage m = new OspreyObjectMessage();
        ArrayList<Object> holder = new ArrayList<>();
        holder.add(new Object());

        assertThatThrownBy(() -> m.setObject(holder)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("cannot serialize").hasMessageContaining("java.lang.Object");
    }

    @Test
    void aNullObjectIsNoBody() throws JMSException {
        OspreyObjectMessage m = new OspreyObjectMessage("x");
        m.setObject(null);

        assertThat(m.getObject()).isNull();
        assertThat(m.serializedForm()).isNull();
    }

    @Test
    void aBodyThatIsNotASerializedObjectIsAFormatErrorWhenRead() throws JMSException {
        ObjectMessage m = (ObjectMessage) MessageCodec.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1},
                Map.of("OSPREY_BODY", "object"));

        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("cannot deserialize the object of an ObjectMessage");
    }

    @Test
    void classesAreResolvedWithTheThreadsContextClassLoaderFirst() throws JMSException {
        OspreyObjectMessage m = new OspreyObjectMessage(new Payload(3));
        AtomicInteger asked = new AtomicInteger();
        ClassLoader counting = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(Payload.class.getName())) {
                    asked.incrementAndGet();
                }
                return super.loadClass(name, resolve);
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(counting);
        try {
            assertThat(m.getObject()).isEqualTo(new Payload(3));
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void aTextMessagesTextStartsNullAndCanBeSetToNull() throws JMSException {
        OspreyTextMessage m = new OspreyTextMessage();
        assertThat(m.getText()).isNull();

        m.setText("t");
        assertThat(m.getText()).isEqualTo("t");
        m.setText(null);
        assertThat(m.getText()).isNull();
        m.setText("u");
        m.clearBody();
        assertThat(m.getText()).isNull();
    }

    record Payload(int value) implements Serializable {
    }
}
