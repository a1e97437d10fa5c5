package io.osprey.mq.protocol.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The string form of JMSReplyTo and JMSDestination on the wire. */
class JmsDestinationAddressTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyKindRoundTrips(Kind kind) {
        JmsDestinationAddress address = new JmsDestinationAddress(kind, "orders%|_-1");

        assertThat(JmsDestinationAddress.parse(address.format())).isEqualTo(address);
    }

    @Test
    void formsUseTheFourSchemes() {
        assertThat(new JmsDestinationAddress(Kind.QUEUE, "q").format()).isEqualTo("queue://q");
        assertThat(new JmsDestinationAddress(Kind.TOPIC, "t").format()).isEqualTo("topic://t");
        assertThat(new JmsDestinationAddress(Kind.TEMPORARY_QUEUE, "x").format()).isEqualTo("temp-queue://x");
        assertThat(new JmsDestinationAddress(Kind.TEMPORARY_TOPIC, "y").toString()).isEqualTo("temp-topic://y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "queue:/x", "Queue://x", "amqp://x", ""})
    void refusesStringsWithoutAKnownScheme(String address) {
        assertThatThrownBy(() -> JmsDestinationAddress.parse(address))
                .isInstanceOf(MalformedJmsMessageException.class).hasMessageContaining("does not start with");
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> JmsDestinationAddress.parse("topic://"))
                .isInstanceOf(MalformedJmsMessageException.class).hasMessageContaining("empty name");
        assertThatThrownBy(() -> new JmsDestinationAddress(Kind.QUEUE, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindsKnowWhetherTheyAreTemporaryOrQueues() {
        assertThat(Kind.TEMPORARY_QUEUE.isTemporary()).isTrue();
        assertThat(Kind.TEMPORARY_QUEUE.isQueue()).isTrue();
        assertThat(Kind.TOPIC.isTemporary()).isFalse();
        assertThat(Kind.TEMPORARY_TOPIC.isQueue()).isFalse();
    }
}
