package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.1 "Message selector syntax": "If the value of a message selector is an empty string, the value is
 * treated as a null and indicates that there is no message selector".
 */
class EmptySelectorTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t", " \t\f\r\n "})
    void nullEmptyAndBlankSelectorsAreNoSelector(String expression) {
        MessageSelector selector = MessageSelector.parse(expression);

        assertThat(selector).isSameAs(MessageSelector.ALL);
        assertThat(selector.identifiers()).isEmpty();
        assertThat(selector.expression()).isEmpty();
    }

    @Test
    void noSelectorMatchesEveryMessage() {
        assertThat(MessageSelector.ALL.matches(props())).isTrue();
        assertThat(MessageSelector.ALL.matches(props("a", false))).isTrue();
        assertThat(MessageSelector.ALL.matches(name -> {
            throw new AssertionError("no selector reads no property, asked for " + name);
        })).isTrue();
    }

    @Test
    void aSelectorKeepsItsExpressionTextAndEqualsAnotherOfTheSameText() {
        MessageSelector selector = MessageSelector.parse(" a = 1 ");

        assertThat(selector.expression()).isEqualTo(" a = 1 ");
        assertThat(selector).hasToString(" a = 1 ");
        assertThat(selector).isEqualTo(MessageSelector.parse(" a = 1 ")).hasSameHashCodeAs(MessageSelector.parse(" a = 1 "));
        assertThat(selector).isNotEqualTo(MessageSelector.parse("a = 1"));
    }
}
