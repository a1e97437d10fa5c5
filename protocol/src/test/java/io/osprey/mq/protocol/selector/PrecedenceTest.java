package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * §3.8.1.1: "the order of evaluation of a message selector is from left to right within precedence level.
 * Parentheses can be used to change this order"; logical operators in precedence order NOT, AND, OR; arithmetic
 * operators unary + -, then * /, then + -; comparisons bind tighter than NOT.
 */
class PrecedenceTest {
    private static final PropertySource SOURCE = props("t", true, "f", false, "five", 5, "two", 2, "x", 10);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            // NOT binds tighter than AND: (NOT t) AND f, not NOT (t AND f)
            "NOT t AND f | FALSE",
            "NOT (t AND f) | TRUE",
            "t AND NOT f | TRUE",
            // AND binds tighter than OR
            "t OR t AND f | TRUE",
            "(t OR t) AND f | FALSE",
            "f AND f OR t | TRUE",
            "f AND (f OR t) | FALSE",
            // comparison binds tighter than NOT and AND
            "NOT five = 4 | TRUE",
            "NOT five = 5 AND t | FALSE",
            // unary minus binds tighter than + and *
            "- five + five = 0 | TRUE",
            "-five * 2 = -10 | TRUE",
            "- two * - two = 4 | TRUE",
            "-(five + two) = -7 | TRUE",
            "--five = 5 | TRUE",
            "+-+five = -5 | TRUE",
            // * and / before + and -, left to right within a level
            "1 + 2 * 3 = 7 | TRUE",
            "(1 + 2) * 3 = 9 | TRUE",
            "x - 4 - 3 = 3 | TRUE",
            "x - (4 - 3) = 9 | TRUE",
            "x / 5 * 2 = 4 | TRUE",
            "x / (5 * 2) = 1 | TRUE",
            "100 / x / 5 = 2 | TRUE",
            "five + two * x - x / two = 20 | TRUE",
            // BETWEEN's AND is not the logical AND
            "five BETWEEN 1 AND 9 AND t | TRUE",
            "five BETWEEN 6 AND 9 OR t | TRUE",
            "NOT five BETWEEN 6 AND 9 | TRUE",
            "five BETWEEN two + 2 AND x - 4 | TRUE",
            "((((t)))) | TRUE",
    })
    void operatorsBindAsSpecified(String selector, String expected) {
        assertThat(truth(selector, SOURCE)).isEqualTo(expected);
    }
}
