package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * §3.8.1.1 {@code arithmetic-expr1 [NOT] BETWEEN arithmetic-expr2 AND arithmetic-expr3}: "age BETWEEN 15 AND 19"
 * is equivalent to "age >= 15 AND age <= 19", and "age NOT BETWEEN 15 AND 19" to "age < 15 OR age > 19" —
 * including with NULL (§3.8.1.2) and with values that are not numbers.
 */
class BetweenTest {

    @ParameterizedTest(name = "age {0}: BETWEEN {1}, NOT BETWEEN {2}")
    @CsvSource({
            "14, FALSE, TRUE", "15, TRUE, FALSE", "17, TRUE, FALSE", "19, TRUE, FALSE", "20, FALSE, TRUE",
    })
    void boundsAreInclusive(int age, String between, String notBetween) {
        assertThat(truth("age BETWEEN 15 AND 19", props("age", age))).isEqualTo(between);
        assertThat(truth("age NOT BETWEEN 15 AND 19", props("age", age))).isEqualTo(notBetween);
    }

    @Test
    void anyNumericKindsAndExpressionsWork() {
        assertThat(truth("x BETWEEN 1.5 AND 2.5", props("x", 2))).isEqualTo("TRUE");
        assertThat(truth("x BETWEEN lo AND hi", props("x", 2.0f, "lo", 2L, "hi", (short) 3))).isEqualTo("TRUE");
        assertThat(truth("x * 2 BETWEEN lo + 1 AND hi * 10", props("x", 3, "lo", 5, "hi", 1))).isEqualTo("TRUE");
        assertThat(truth("x BETWEEN -1 AND 1", props("x", -1))).isEqualTo("TRUE");
        assertThat(truth("x between 5 and 10", props("x", 7))).isEqualTo("TRUE");
    }

    @Test
    void anEmptyRangeSelectsNothing() {
        assertThat(truth("x BETWEEN 10 AND 5", props("x", 7))).isEqualTo("FALSE");
        assertThat(truth("x NOT BETWEEN 10 AND 5", props("x", 7))).isEqualTo("TRUE");
    }

    @Test
    void aNullValueIsUnknown() {
        assertThat(truth("x BETWEEN 1 AND 2", props())).isEqualTo("UNKNOWN");
        assertThat(truth("x NOT BETWEEN 1 AND 2", props())).isEqualTo("UNKNOWN");
    }

    @Test
    void aNullBoundFollowsTheEquivalentComparisons() {
        // x >= lo AND x <= hi with lo NULL: UNKNOWN AND (TRUE|FALSE)
        assertThat(truth("x BETWEEN lo AND 5", props("x", 3))).isEqualTo("UNKNOWN");
        assertThat(truth("x BETWEEN lo AND 2", props("x", 3))).isEqualTo("FALSE");
        // x < lo OR x > hi with hi NULL: (TRUE|FALSE) OR UNKNOWN
        assertThat(truth("x NOT BETWEEN 1 AND hi", props("x", 3))).isEqualTo("UNKNOWN");
        assertThat(truth("x NOT BETWEEN 4 AND hi", props("x", 3))).isEqualTo("TRUE");
    }

    @Test
    void aValueThatIsNotANumberMakesBothFormsFalse() {
        assertThat(truth("myProp BETWEEN 5 AND 10", props("myProp", "7"))).isEqualTo("FALSE");
        assertThat(truth("myProp NOT BETWEEN 5 AND 10", props("myProp", "seven"))).isEqualTo("FALSE");
        assertThat(truth("myProp BETWEEN 5 AND 10", props("myProp", true))).isEqualTo("FALSE");
        assertThat(truth("x BETWEEN lo AND 10", props("x", 7, "lo", "1"))).isEqualTo("FALSE");
    }

    @Test
    void twoStringsOrBooleansAtRuntimeAreUnknown() {
        assertThat(truth("x BETWEEN lo AND hi", props("x", "b", "lo", "a", "hi", "c"))).isEqualTo("UNKNOWN");
    }
}
