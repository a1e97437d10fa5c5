package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.matches;
import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * §3.8.1.2 "Null values": the three-valued AND (table 3-4), OR (table 3-5) and NOT (table 3-6), with TRUE, FALSE
 * and UNKNOWN operands taken from boolean properties that are true, false and absent; and §3.8.1.1 "a selector
 * that evaluates to false or unknown does not match".
 */
class LogicalOperatorsTest {
    /** t is TRUE, f is FALSE, u (absent) is UNKNOWN. */
    private static final PropertySource TFU = props("t", true, "f", false);

    @Test
    void notFollowsTable3_6() {
        assertThat(matches("NOT t", TFU)).isFalse();
        assertThat(matches("NOT f", TFU)).isTrue();
        assertThat(matches("NOT u", TFU)).isFalse();
        assertThat(matches("NOT NOT u", TFU)).as("NOT UNKNOWN is UNKNOWN, not FALSE").isFalse();
        assertThat(matches("NOT NOT t", TFU)).isTrue();
        assertThat(matches("u", TFU)).isFalse();
    }

    @ParameterizedTest(name = "{0} AND {1} = {2}")
    @CsvSource({
            "t, t, TRUE", "t, f, FALSE", "t, u, UNKNOWN",
            "f, t, FALSE", "f, f, FALSE", "f, u, FALSE",
            "u, t, UNKNOWN", "u, f, FALSE", "u, u, UNKNOWN",
    })
    void andFollowsTable3_4(String left, String right, String expected) {
        assertThat(truth(left + " AND " + right, TFU)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} OR {1} = {2}")
    @CsvSource({
            "t, t, TRUE", "t, f, TRUE", "t, u, TRUE",
            "f, t, TRUE", "f, f, FALSE", "f, u, UNKNOWN",
            "u, t, TRUE", "u, f, UNKNOWN", "u, u, UNKNOWN",
    })
    void orFollowsTable3_5(String left, String right, String expected) {
        assertThat(truth(left + " OR " + right, TFU)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "t AND t AND t AND t | TRUE", "t AND t AND u AND t | UNKNOWN", "u AND t AND f AND u | FALSE",
            "f OR f OR f | FALSE", "f OR u OR f | UNKNOWN", "u OR f OR t OR u | TRUE",
            "u AND u OR t | TRUE", "f AND u OR u | UNKNOWN",
    })
    void longChainsCombineAsTheTablesDo(String selector, String expected) {
        assertThat(truth(selector, TFU)).isEqualTo(expected);
    }

    @Test
    void andStopsAtTheFirstFalseAndOrAtTheFirstTrue() {
        PropertySource failsOnB = name -> {
            if (name.equals("b")) {
                throw new AssertionError("b should not be read");
            }
            return name.equals("a");
        };

        assertThat(matches("z AND b", failsOnB)).isFalse();
        assertThat(matches("a OR b", failsOnB)).isTrue();
    }

    @Test
    void aNonBooleanIdentifierUsedAsAConditionIsUnknown() {
        assertThat(truth("n", props("n", 1))).isEqualTo("UNKNOWN");
        assertThat(truth("s", props("s", "true"))).isEqualTo("UNKNOWN");
        assertThat(truth("n AND t", props("n", 1.5, "t", true))).isEqualTo("UNKNOWN");
        assertThat(truth("n OR t", props("n", 1.5, "t", true))).isEqualTo("TRUE");
    }

    @Test
    void booleanLiteralsAreConditions() {
        assertThat(truth("TRUE OR (FALSE AND FALSE)")).isEqualTo("TRUE");
        assertThat(truth("FALSE OR u", TFU)).isEqualTo("UNKNOWN");
        assertThat(truth("TRUE AND u", TFU)).isEqualTo("UNKNOWN");
        assertThat(truth("NOT FALSE")).isEqualTo("TRUE");
    }

    @Test
    void conditionsCompareAsBooleanValues() {
        assertThat(truth("(n > 1) = TRUE", props("n", 2))).isEqualTo("TRUE");
        assertThat(truth("(n > 1) <> f", props("n", 2, "f", false))).isEqualTo("TRUE");
        assertThat(truth("(n > 1) = TRUE", props())).as("an UNKNOWN condition is NULL as a value").isEqualTo("UNKNOWN");
        assertThat(truth("(1 = 1) = TRUE")).isEqualTo("TRUE");
        assertThat(truth("b = (2 > 1)", props("b", true))).isEqualTo("TRUE");
    }
}
