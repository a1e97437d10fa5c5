package io.osprey.mq.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MapMessage javadoc: names ("IllegalArgumentException if the name is null or if the name is an empty
 * string"), getMapNames and itemExists, setObject's types, setBytes with a range, and 3.12: values are copied in
 * and out.
 */
class MapMessageTest {

    @Test
    void namesMustNotBeNullOrEmpty() {
        OspreyMapMessage m = new OspreyMapMessage();

        assertThatThrownBy(() -> m.setInt(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setString("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setObject("", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyOtherStringIsAName() throws JMSException {
        OspreyMapMessage m = new OspreyMapMessage();
        m.setInt("a b.c-d", 1);
        m.setInt("NULL", 2);

        assertThat(m.getInt("a b.c-d")).isEqualTo(1);
        assertThat(SameMessage.names(m.getMapNames())).containsExactly("a b.c-d", "NULL");
    }

    @Test
    void itemExistsAndGetMapNamesSeeEverySetName() throws JMSException {
        OspreyMapMessage m = new OspreyMapMessage();
        m.setString("s", null);
        m.setInt("i", 1);
        m.setInt("i", 2);

        assertThat(m.itemExists("s")).isTrue();
        assertThat(m.itemExists("x")).isFalse();
        assertThat(SameMessage.names(m.getMapNames())).containsExactlyInAnyOrder("s", "i");
        assertThat(m.getInt("i")).isEqualTo(2);
    }

    @Test
    void bytesAreCopiedInAndOut() throws JMSException {
        byte[] value = {1, 2, 3};
        OspreyMapMessage m = new OspreyMapMessage();
        m.setBytes("b", value);
        m.setObject("o", value);
        m.setBytes("r", value, 1, 2);
        value[0] = 9;

        byte[] read = m.getBytes("b");
        read[1] = 9;
        ((byte[]) m.getObject("o"))[2] = 9;

        assertThat(m.getBytes("b")).containsExactly(1, 2, 3);
        assertThat((byte[]) m.getObject("o")).containsExactly(1, 2, 3);
        assertThat(m.getBytes("r")).containsExactly(2, 3);
        assertThatThrownBy(() -> m.setBytes("x", value, 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void setObjectTakesTheTable3_7TypesOnly() throws JMSException {
        OspreyMapMessage m = new OspreyMapMessage();
        for (Object o : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s")) {
            m.setObject("k", o);
            assertThat(m.getObject("k")).isEqualTo(o).isExactlyInstanceOf(o.getClass());
        }
        m.setObject("n", null);
        assertThat(m.getObject("n")).isNull();
        assertThatThrownBy(() -> m.setObject("k", List.of())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setObject("k", new StringBuilder())).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void aNameNeverSetReadsAsNull() throws JMSException {
        OspreyMapMessage m = new OspreyMapMessage();

        assertThat(m.getObject("x")).isNull();
        assertThat(m.getString("x")).isNull();
        assertThat(m.getBytes("x")).isNull();
        assertThat(m.getBoolean("x")).isFalse();
    }
}
