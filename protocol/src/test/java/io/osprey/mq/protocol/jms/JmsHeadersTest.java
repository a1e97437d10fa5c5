package io.osprey.mq.protocol.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header names on the wire, the message id as {@code "ID:" + UNIQ_KEY}, delivery mode names, reserved names. */
class JmsHeadersTest {

    @Test
    void theMessageIdIsIdColonUniqKey() {
        assertThat(JmsHeaders.messageId(Map.of("UNIQ_KEY", "0A000005"))).isEqualTo("ID:0A000005");
        assertThat(JmsHeaders.messageId(Map.of())).isNull();
        assertThat(JmsHeaders.uniqKey("ID:0A000005")).isEqualTo("0A000005");
        assertThat(JmsHeaders.uniqKey("ID:")).isNull();
        assertThat(JmsHeaders.uniqKey("0A000005")).isNull();
        assertThat(JmsHeaders.uniqKey(null)).isNull();
    }

    @Test
    void deliveryModesTravelAsTheNamesSelectorsUse() {
        assertThat(JmsHeaders.deliveryModeName(2)).isEqualTo("PERSISTENT");
        assertThat(JmsHeaders.deliveryModeName(1)).isEqualTo("NON_PERSISTENT");
        assertThat(JmsHeaders.deliveryMode("PERSISTENT")).isEqualTo(2);
        assertThat(JmsHeaders.deliveryMode("NON_PERSISTENT")).isEqualTo(1);
        assertThat(JmsHeaders.deliveryMode(null)).isEqualTo(2);
        assertThatThrownBy(() -> JmsHeaders.deliveryModeName(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JmsHeaders.deliveryMode("persistent"))
                .isInstanceOf(MalformedJmsMessageException.class);
    }

    @Test
    void reservedNamesSayWhy() {
        assertThat(JmsHeaders.reservedReason("JMSType")).isEqualTo("carries the JMSType header");
        assertThat(JmsHeaders.reservedReason("OSPREY_BODY")).contains("Osprey reserves");
        assertThat(JmsHeaders.reservedReason("DELAY")).isEqualTo("is a RocketMQ system property");
        assertThat(JmsHeaders.reservedReason("JMSXDeliveryCount")).isEqualTo("is set by the provider on receipt");
        assertThat(JmsHeaders.reservedReason("TAGS")).isNull();
        assertThat(JmsHeaders.reservedReason("KEYS")).isNull();
        assertThat(JmsHeaders.reservedReason("JMSXGroupID")).isNull();
        assertThat(JmsHeaders.reservedReason("color")).isNull();
    }

    @Test
    void unknownOrMissingBodyTypesAreBytes() {
        assertThat(JmsBodyType.fromWire(null)).isEqualTo(JmsBodyType.BYTES);
        assertThat(JmsBodyType.fromWire("json")).isEqualTo(JmsBodyType.BYTES);
        assertThat(JmsBodyType.fromWire("text")).isEqualTo(JmsBodyType.TEXT);
        for (JmsBodyType type : JmsBodyType.values()) {
            assertThat(JmsBodyType.fromWire(type.wireName())).isEqualTo(type);
        }
    }
}
