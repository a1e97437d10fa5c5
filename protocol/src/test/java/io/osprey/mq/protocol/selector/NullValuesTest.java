package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.2 "Null values": "comparison or arithmetic with an unknown value always yields an unknown value"; "the
 * IS NULL and IS NOT NULL operators convert an unknown header or property value into the respective TRUE and
 * FALSE values"; §3.8.1.1 {@code identifier IS [NOT] NULL} tests "for a null header field value or a missing
 * property value".
 */
class NullValuesTest {

    @Test
    void isNullIsTrueForAMissingPropertyOnly() {
        assertThat(truth("myNullProp IS NULL")).isEqualTo("TRUE");
        assertThat(truth("myProp IS NULL", props("myProp", "foo"))).isEqualTo("FALSE");
        assertThat(truth("myProp IS NULL", props("myProp", ""))).as("an empty string is a value").isEqualTo("FALSE");
        assertThat(truth("myProp IS NULL", props("myProp", false))).isEqualTo("FALSE");
    }

    @Test
    void isNotNullIsTrueForAPresentPropertyOnly() {
        assertThat(truth("myProp IS NOT NULL", props("myProp", 10f))).isEqualTo("TRUE");
        assertThat(truth("myNullProp IS NOT NULL")).isEqualTo("FALSE");
        assertThat(truth("myProp is not null", props("myProp", 0))).isEqualTo("TRUE");
    }

    @Test
    void isNullTurnsUnknownIntoAnswersThatCombine() {
        assertThat(truth("a IS NULL OR a > 5")).isEqualTo("TRUE");
        assertThat(truth("a IS NOT NULL AND a > 5")).isEqualTo("FALSE");
        assertThat(truth("NOT (a IS NULL)")).isEqualTo("FALSE");
        assertThat(truth("(a) IS NULL")).isEqualTo("TRUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "myProp + 2 < 10", "myProp = 'foo'", "myProp NOT IN ('a', 'b')", "myProp IN ('a')", "myProp LIKE '%'",
            "myProp NOT LIKE 'x'", "myProp BETWEEN 1 AND 2", "myProp NOT BETWEEN 1 AND 2", "myProp", "NOT myProp",
            "myProp = TRUE", "myProp <> 0", "-myProp < 0", "myProp * 0 = 0", "myProp = myProp", "myProp <> myProp",
    })
    void everyOperatorOnNullIsUnknown(String selector) {
        assertThat(truth(selector, props("other", 1))).isEqualTo("UNKNOWN");
    }
}
