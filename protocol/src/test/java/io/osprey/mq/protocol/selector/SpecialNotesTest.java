package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.rejection;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.3 "Special notes" and the white-space rule of §3.8.1.1: JMSDeliveryMode is compared with 'PERSISTENT'
 * and 'NON_PERSISTENT'; dates are long millisecond literals; SQL comments are not supported; white space is
 * Java's (space, horizontal tab, form feed, line terminators).
 */
class SpecialNotesTest {

    @Test
    void deliveryModeIsComparedAsAString() {
        PropertySource persistent = props("JMSDeliveryMode", "PERSISTENT");
        PropertySource nonPersistent = props("JMSDeliveryMode", "NON_PERSISTENT");

        assertThat(truth("JMSDeliveryMode = 'PERSISTENT'", persistent)).isEqualTo("TRUE");
        assertThat(truth("JMSDeliveryMode = 'PERSISTENT'", nonPersistent)).isEqualTo("FALSE");
        assertThat(truth("JMSDeliveryMode <> 'PERSISTENT'", nonPersistent)).isEqualTo("TRUE");
        assertThat(truth("JMSDeliveryMode IN ('PERSISTENT', 'NON_PERSISTENT')", nonPersistent)).isEqualTo("TRUE");
    }

    @Test
    void timestampsAreLongMillisecondLiterals() {
        PropertySource sent = props("JMSTimestamp", 1_700_000_000_123L);

        assertThat(truth("JMSTimestamp > 1700000000000", sent)).isEqualTo("TRUE");
        assertThat(truth("JMSTimestamp BETWEEN 1700000000000 AND 1700000000999", sent)).isEqualTo("TRUE");
        assertThat(truth("JMSTimestamp = 1700000000123L", sent)).isEqualTo("TRUE");
    }

    @Test
    void sqlCommentsAreNotComments() {
        rejection("a = 1 /* comment */");
        rejection("a = 1 -- this is a comment");
        // Without a comment, "--b" is two minus signs: 1 - (-b).
        assertThat(truth("a = 1 --b", props("a", 3, "b", 2))).isEqualTo("TRUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSType   =   'foo'", "JMSType\t=\t'foo'", "JMSType\f=\f'foo'", "JMSType\n= \n'foo'",
            "JMSType\r\n=\r'foo'", "\n JMSType='foo' \t"})
    void javaWhiteSpaceSeparatesTokens(String selector) {
        assertThat(truth(selector, props("JMSType", "foo"))).isEqualTo("TRUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u2003", "\u000B", "\u2028", "\u3000"})
    void otherWhiteSpaceIsNotWhiteSpace(String space) {
        SelectorSyntaxException e = rejection("JMSType" + space + "= 'foo'");

        assertThat(e.position()).isEqualTo(7);
        assertThat(e.problem()).startsWith("unexpected character U+");
    }
}
