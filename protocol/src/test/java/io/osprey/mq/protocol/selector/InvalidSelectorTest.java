package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.1: "a method providing a syntactically incorrect selector must result in a Jakarta Messaging
 * InvalidSelectorException", plus the semantic checks a provider "may optionally" make when the types are known
 * without a message (and that the Jakarta Messaging TCK requires: a string or boolean with {@code >}, a string
 * BETWEEN, non-string IN items, a non-string LIKE pattern, TRUE/FALSE/NULL compared with a number).
 */
class InvalidSelectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"myProp LIKE 7", "myProp LIKE b", "myProp LIKE TRUE", "myProp NOT LIKE 1.5",
            "myProp LIKE 'a' ESCAPE 1", "myProp LIKE 'a' ESCAPE ''", "myProp LIKE 'a' ESCAPE 'ab'",
            "myProp LIKE", "myProp LIKE 'x' ESCAPE", "'x' LIKE 'x'", "5 LIKE '5'", "a + 1 LIKE '2'",
            "(a = 1) LIKE 'x'", "myProp LIKE ('x')"})
    void likeNeedsAnIdentifierAStringPatternAndAOneCharacterEscape(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"myProp NOT IN (1,2,3)", "a IN (1)", "a IN ('x', 2)", "a IN (b)", "a IN (TRUE)",
            "a IN (-1)", "a IN ()", "a IN 'x'", "a IN ('x' 'y')", "a IN ('x',)", "a IN ('x'", "'x' IN ('x')",
            "5 IN ('5')", "a + 1 IN ('x')", "a IN ('x') IN ('y')", "a IN (NULL)"})
    void inNeedsAnIdentifierAndAListOfStringLiterals(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"myProp BETWEEN 'foo' and 'test'", "a BETWEEN 1 AND 'x'", "a BETWEEN 'x' AND 1",
            "'x' BETWEEN 1 AND 2", "a BETWEEN TRUE AND 2", "TRUE BETWEEN 0 AND 1", "a BETWEEN 1 OR 2",
            "a BETWEEN 1", "a BETWEEN AND 2", "a NOT BETWEEN 1 AND", "a BETWEEN (b = 1) AND 2"})
    void betweenNeedsNumbers(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'a' + 1 = 2", "a + 'b' = 2", "TRUE * 2 = 2", "a / FALSE = 1", "-'a' = 1", "-TRUE = 1",
            "+'a' = 1", "a * (b = 1) = 1", "(a > 1) + 1 = 2", "'a' - 'b' = 'c'", "- (a = 1) = 1"})
    void arithmeticNeedsNumbers(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"myProp > 'foo'", "myProp >= 'foo'", "myProp < 'foo'", "myProp <= 'foo'",
            "'foo' > TRUE", "'foo' >= TRUE", "'foo' < TRUE", "'foo' <= TRUE", "TRUE < 1", "a < TRUE",
            "a > FALSE", "(a = 1) < 2", "'a' < 'b'", "TRUE > FALSE"})
    void orderingComparisonsNeedNumbers(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUE = 0", "FALSE = 0", "TRUE <> 1", "'1' = 1", "1 <> '1'", "'a' <> TRUE",
            "(a > 1) = 1", "(a > 1) = 'x'", "1 + a = 'x'"})
    void equalityBetweenTwoKnownUnlikeTypesIsRejected(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "a + 1", "'foo'", "1.5", "-a", "(5)", "a * 2", "'a' AND b", "a AND 5",
            "5 OR a", "NOT 5", "NOT 'x'", "1 AND 2", "NOT (a + 1)", "a OR b + 1"})
    void aNumberOrAStringIsNotACondition(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL = 0", "NULL = ZERO", "a = NULL", "NULL IS NULL", "a IN ('x') OR NULL",
            "NOT NULL", "a + NULL = 1"})
    void nullIsNotAValue(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a = 'foo", "a = 'it''s", "'", "a = 'x''", "a IN ('x', 'y)", "a LIKE 'x"})
    void unterminatedStringsAreRejected(String selector) {
        assertThat(rejection(selector).problem()).isEqualTo("unterminated string literal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a = 1", "a = 1)", "((a = 1)", "(a = 1))", "()", "a = (1 + 2", ")a = 1(",
            "(", ")", "a IN ('x'))", "(a IN ('x')", "(a) = (1"})
    void unbalancedParenthesesAreRejected(String selector) {
        rejection(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a =", "= 1", "a = = 1", "a == 1", "a != 1", "a = 1 b = 2", "a 1", "a = 1 AND",
            "OR a", "a NOT 1", "a NOT NULL", "a IS 1", "a IS NOT 1", "a IS NULL NULL", "a IS", "a.b = 1",
            "a = \"x\"", "a = 1;", "a[0] = 1", "a = 1 = 1", "a < b < c", "5 IS NULL", "'x' IS NOT NULL",
            "(a = 1) IS NULL", "a + 1 IS NULL", "a BETWEEN 1 AND 2 AND", "NOT", "a = -", "a = +", "a * = 1",
            "1 a", "a = 1 2", "a AND AND b", "a OR OR b", "NOT NOT", "a = 1 NOT", "a <>> 1", "a =< 1",
            "a => 1", "a ~ 1", "a = 1 # x", "a = `x`", "a IS NULL = TRUE", "a = 1 ESCAPE 'x'", "a LIKE 'x' ESCAPE 'y' ESCAPE 'z'"})
    void otherSyntaxErrorsAreRejected(String selector) {
        rejection(selector);
    }

    @ParameterizedTest(name = "{0} fails at {1}")
    @CsvSource(delimiter = '|', value = {
            "a = 'foo | 4", "(a = 1 | 6", "a = 1) | 5", "myProp > 'foo' | 7", "TRUE = 0 | 5", "5 | 0",
            "a + 1 | 0", "myProp NOT IN (1,2,3) | 15", "myProp LIKE 7 | 12", "a BETWEEN 'foo' AND 'test' | 10",
            "NULL = 0 | 0", "AND = 0 | 0", "a = 1 b = 2 | 6", "a == 1 | 3", "a != 1 | 2", "x = 1 AND 2 + y | 10",
            "x = 9999999999999999999 | 4", "x = -9999999999999999999 | 4", "a LIKE 'x' ESCAPE 'yz' | 18",
            "a = 1 AND (b = 2 OR c | 21",
    })
    void theErrorNamesThePositionOfTheProblem(String selector, int position) {
        SelectorSyntaxException e = rejection(selector);

        assertThat(e.position()).isEqualTo(position);
        assertThat(e.selector()).isEqualTo(selector);
        assertThat(e.getMessage()).isEqualTo(e.problem() + " at position " + position + " in selector \"" + selector + "\"");
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theErrorNamesTheProblem() {
        assertThat(rejection("AND = 0").problem()).isEqualTo("reserved word AND cannot be used as an identifier");
        assertThat(rejection("myProp > 'foo'").problem())
                .isEqualTo("'>' cannot compare a string: strings and booleans compare only with = and <>");
        assertThat(rejection("TRUE = 0").problem()).isEqualTo("'=' cannot compare a boolean with a number");
        assertThat(rejection("5").problem())
                .isEqualTo("a selector must be a conditional (boolean) expression, not a number");
        assertThat(rejection("(a = 1").problem())
                .isEqualTo("expected ')' to close the '(' at position 0 but found the end of the selector");
        assertThat(rejection("myProp NOT IN (1,2,3)").problem())
                .isEqualTo("IN takes a list of string literals, not number 1");
        assertThat(rejection("a != 1").problem()).isEqualTo("unexpected character '!' (not equal is <>, negation is NOT)");
        assertThat(rejection("a = 09").problem())
                .isEqualTo("malformed number 09 (a leading 0 makes it octal, whose digits are 0-7)");
    }

    @Test
    void deepNestingIsRejectedBeforeItCanOverflowTheStack() {
        int levels = SelectorParser.MAX_NESTING + 1;
        rejection("(".repeat(levels) + "a" + ")".repeat(levels));
        rejection("NOT ".repeat(levels) + "a");
        rejection("-".repeat(levels) + "a > 1");
        rejection("(".repeat(100_000));
        rejection("a" + " + a".repeat(SelectorParser.MAX_HEIGHT) + " > 1");

        int allowed = SelectorParser.MAX_NESTING;
        assertThat(MessageSelector.parse("(".repeat(allowed) + "a" + ")".repeat(allowed)).matches(props("a", true)))
                .isTrue();
        assertThat(MessageSelector.parse("NOT ".repeat(allowed) + "a").matches(props("a", true))).isTrue();
    }

    @Test
    void longAndOrChainsAreFlatAndEvaluateWithoutDeepRecursion() {
        String and = IntStream.range(0, 20_000).mapToObj(i -> "p" + i + " = " + i).collect(Collectors.joining(" AND "));
        String or = IntStream.range(0, 20_000).mapToObj(i -> "p = " + i).collect(Collectors.joining(" OR "));

        assertThatCode(() -> MessageSelector.parse(and)).doesNotThrowAnyException();
        assertThat(MessageSelector.parse(and).matches(name -> Integer.valueOf(name.substring(1)))).isTrue();
        assertThat(MessageSelector.parse(or).matches(props("p", 19_999))).isTrue();
        assertThat(MessageSelector.parse(or).matches(props("p", 20_000))).isFalse();
    }
}
