package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** Asserts that two messages have the same type, headers, properties and body, floats compared bit by bit. */
final class SameMessage {
    private SameMessage() {
    }

    static void assertSame(OspreyMessage expected, OspreyMessage actual) throws JMSException {
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(actual.getJMSMessageID()).isEqualTo(expected.getJMSMessageID());
        assertThat(actual.getJMSTimestamp()).isEqualTo(expected.getJMSTimestamp());
        assertThat(actual.getJMSExpiration()).isEqualTo(expected.getJMSExpiration());
        assertThat(actual.getJMSDeliveryTime()).isEqualTo(expected.getJMSDeliveryTime());
        assertThat(actual.getJMSPriority()).isEqualTo(expected.getJMSPriority());
        assertThat(actual.getJMSDeliveryMode()).isEqualTo(expected.getJMSDeliveryMode());
        assertThat(actual.getJMSCorrelationID()).isEqualTo(expected.getJMSCorrelationID());
        assertThat(actual.getJMSCorrelationIDAsBytes()).isEqualTo(expected.getJMSCorrelationIDAsBytes());
        assertThat(actual.hasCorrelationIdBytes()).isEqualTo(expected.hasCorrelationIdBytes());
        assertThat(actual.getJMSType()).isEqualTo(expected.getJMSType());
        assertThat(actual.getJMSReplyTo()).isEqualTo(expected.getJMSReplyTo());
        assertThat(actual.getJMSDestination()).isEqualTo(expected.getJMSDestination());
        List<String> names = names(expected.getPropertyNames());
        assertThat(names(actual.getPropertyNames())).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
            assertValue(name, actual.getObjectProperty(name), expected.getObjectProperty(name));
        }
        assertSameBody(expected, actual);
    }

    private static void assertSameBody(OspreyMessage expected, OspreyMessage actual) throws JMSException {
        if (expected instanceof OspreyTextMessage t) {
            assertThat(((OspreyTextMessage) actual).getText()).isEqualTo(t.getText());
        } else if (expected instanceof OspreyBytesMessage b) {
            assertThat(((OspreyBytesMessage) actual).bodyBytes()).isEqualTo(b.bodyBytes());
        } else if (expected instanceof OspreyMapMessage map) {
            OspreyMapMessage other = (OspreyMapMessage) actual;
            List<String> mapNames = names(map.getMapNames());
            assertThat(names(other.getMapNames())).containsExactlyInAnyOrderElementsOf(mapNames);
            for (String name : mapNames) {
                assertValue(name, other.getObject(name), map.getObject(name));
            }
        } else if (expected instanceof OspreyStreamMessage stream) {
            List<Object> values = stream.valuesView();
            List<Object> read = new ArrayList<>();
            OspreyStreamMessage other = (OspreyStreamMessage) actual;
            other.reset();
            while (true) {
                try {
                    read.add(other.readObject());
                } catch (MessageEOFException end) {
                    break;
                }
            }
            assertThat(read).hasSameSizeAs(values);
            for (int i = 0; i < values.size(); i++) {
                assertValue("#" + i, read.get(i), values.get(i));
            }
        } else if (expected instanceof OspreyObjectMessage object) {
            assertThat(((OspreyObjectMessage) actual).getObject()).isEqualTo(object.getObject());
        }
    }

    static void assertValue(String name, Object actual, Object expected) {
        if (expected instanceof Float f) {
            assertThat(actual).as(name).isInstanceOf(Float.class);
            assertThat(Float.floatToRawIntBits((Float) actual)).as(name).isEqualTo(Float.floatToRawIntBits(f));
        } else if (expected instanceof Double d) {
            assertThat(actual).as(name).isInstanceOf(Double.class);
            assertThat(Double.doubleToRawLongBits((Double) actual)).as(name)
                    .isEqualTo(Double.doubleToRawLongBits(d));
        } else if (expected instanceof byte[] bytes) {
            assertThat(actual).as(name).isInstanceOf(byte[].class);
            assertThat((byte[]) actual).as(name).isEqualTo(bytes);
        } else {
            assertThat(actual).as(name).isEqualTo(expected);
            if (expected != null) {
                assertThat(actual.getClass()).as(name).isEqualTo(expected.getClass());
            }
        }
    }

    static List<String> names(Enumeration<?> e) {
        List<String> names = new ArrayList<>();
        for (Object o : Collections.list(e)) {
            names.add((String) o);
        }
        return names;
    }
}
