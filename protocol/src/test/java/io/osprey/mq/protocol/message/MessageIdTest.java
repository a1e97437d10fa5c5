package io.osprey.mq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    @Test
    void encodesIpv4HostPortAndOffsetAsThirtyTwoUppercaseHexCharacters() throws Exception {
        MessageId id = new MessageId(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 10911), 123456);

        assertThat(id.encode()).isEqualTo("0A00000100002A9F000000000001E240");
    }

    @Test
    void parsesWhatItEncodesInEitherCase() throws Exception {
        MessageId parsed = MessageId.parse("0a00000100002a9f000000000001e240");

        assertThat(parsed.storeHost()).isEqualTo(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 10911));
        assertThat(parsed.physicalOffset()).isEqualTo(123456);
    }

    @Test
    void roundTripsAnIpv6HostInFiftySixCharacters() throws Exception {
        MessageId id = new MessageId(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 10911),
                Long.MAX_VALUE);

        String encoded = id.encode();

        assertThat(encoded).hasSize(MessageId.IPV6_LENGTH).isUpperCase();
        assertThat(MessageId.parse(encoded)).isEqualTo(id);
    }

    @Test
    void rejectsWrongLengthsAndNonHex() {
        assertThatThrownBy(() -> MessageId.parse("0A00")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageId.parse("ZZ00000100002A9F000000000001E240"))
                .isInstanceOf(MalformedMessageException.class);
    }
}
