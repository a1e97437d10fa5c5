package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.rejection;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.1 {@code identifier [NOT] LIKE pattern-value [ESCAPE escape-character]}: '_' stands for any single
 * character, '%' for any sequence including the empty one, all other characters for themselves; the optional
 * single-character escape removes the special meaning of '_' and '%'; a NULL identifier makes it unknown, and so
 * does a value that is not a String.
 */
class LikeTest {

    private static String like(String pattern, String value) {
        return truth("v LIKE '" + pattern.replace("'", "''") + "'", props("v", value));
    }

    private static String like(String pattern, String escape, String value) {
        return truth("v LIKE '" + pattern.replace("'", "''") + "' ESCAPE '" + escape.replace("'", "''") + "'",
                props("v", value));
    }

    @Test
    void theSpecExamples() {
        assertThat(truth("phone LIKE '12%3'", props("phone", "123"))).isEqualTo("TRUE");
        assertThat(truth("phone LIKE '12%3'", props("phone", "12993"))).isEqualTo("TRUE");
        assertThat(truth("phone LIKE '12%3'", props("phone", "1234"))).isEqualTo("FALSE");
        assertThat(truth("word LIKE 'l_se'", props("word", "lose"))).isEqualTo("TRUE");
        assertThat(truth("word LIKE 'l_se'", props("word", "loose"))).isEqualTo("FALSE");
        assertThat(truth("underscored LIKE '\\_%' ESCAPE '\\'", props("underscored", "_foo"))).isEqualTo("TRUE");
        assertThat(truth("underscored LIKE '\\_%' ESCAPE '\\'", props("underscored", "bar"))).isEqualTo("FALSE");
        assertThat(truth("phone NOT LIKE '12%3'", props("phone", "123"))).isEqualTo("FALSE");
        assertThat(truth("phone NOT LIKE '12%3'", props("phone", "12993"))).isEqualTo("FALSE");
        assertThat(truth("phone NOT LIKE '12%3'", props("phone", "1234"))).isEqualTo("TRUE");
    }

    @ParameterizedTest(name = "''{1}'' LIKE ''{0}'' is {2}")
    @CsvSource(delimiter = '|', value = {
            // literal patterns
            "jms | jms | TRUE", "jms | jms0 | FALSE", "jms | JMS | FALSE", "123 | 1234 | FALSE",
            // _ is exactly one character
            "_bcd | abcd | TRUE", "123_ | 1234 | TRUE", "_cd | abcd | FALSE", "12_ | 1234 | FALSE",
            "s_lector | selector | TRUE", "se_ector | seleector | FALSE", "___ | ab | FALSE", "___ | abc | TRUE",
            // % at the start, the end, both ends, the middle, alone, repeated
            "%cd | abcd | TRUE", "%cd | abcde | FALSE", "1% | 1234 | TRUE", "1% | 01 | FALSE",
            "%bc% | abcd | TRUE", "%bc% | bc | TRUE", "%bc% | acbd | FALSE", "AB%CD | ABCD | TRUE", "AB%CD | ABxyzCD | TRUE",
            "AB%CD | ABC | FALSE", "% | foo | TRUE", "%% | x | TRUE", "a%%b | ab | TRUE", "%a%b%c% | xaybzc | TRUE",
            "%a%b%c% | xcybza | FALSE", "s%tor | selector | TRUE", "%cde | abcd | FALSE", "01% | 1234 | FALSE",
            "A%x%D | ABCD | FALSE",
            // backtracking: the first candidate for the part after % is not the right one
            "%aab | aaab | TRUE", "%ab%ab | abxab | TRUE", "a%b_c | abbbc | TRUE", "a%b_c | ab_c_b | FALSE",
            "%_% | x | TRUE", "_%_ | x | FALSE", "%_a | ba | TRUE", "%a_ | aab | TRUE", "a_%_z | ab_z | TRUE", "a_%_z | abz | FALSE",
    })
    void wildcardsMatchAsSpecified(String pattern, String value, String expected) {
        assertThat(like(pattern, value)).isEqualTo(expected);
    }

    @Test
    void anEmptyPatternMatchesOnlyTheEmptyString() {
        assertThat(like("", "")).isEqualTo("TRUE");
        assertThat(like("", "a")).isEqualTo("FALSE");
        assertThat(like("%", "")).isEqualTo("TRUE");
        assertThat(like("_", "")).isEqualTo("FALSE");
        assertThat(like("a%", "")).isEqualTo("FALSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".*", "a+", "a?", "[ab]", "(a)", "{1}", "^a$", "a|b", "\\d", "\\", "$1", "\\Q", "\\E"})
    void regexMetacharactersStandForThemselves(String pattern) {
        assertThat(like(pattern, pattern)).isEqualTo("TRUE");
        assertThat(like("%" + pattern + "%", "x" + pattern + "y")).isEqualTo("TRUE");
        assertThat(like(pattern, "a")).isEqualTo("FALSE");
        assertThat(like(pattern, "ab")).isEqualTo("FALSE");
    }

    @Test
    void wildcardsMatchLineTerminatorsAndSupplementaryCharactersWhole() {
        assertThat(like("a%b", "a\nline\r\nb")).isEqualTo("TRUE");
        assertThat(like("a_b", "a\nb")).isEqualTo("TRUE");
        assertThat(like("a_b", "a\uD83D\uDE00b")).as("one code point").isEqualTo("TRUE");
        assertThat(like("a__b", "a\uD83D\uDE00b")).isEqualTo("FALSE");
        assertThat(like("%\uD83D\uDE00_", "x\uD83D\uDE00\uD83D\uDE01")).isEqualTo("TRUE");
    }

    @Test
    void theEscapeCharacterMakesWildcardsLiteral() {
        assertThat(like("A_fo_A%f%", "A", "_foo%foo")).isEqualTo("TRUE");
        assertThat(like("A%fooA_", "A", "_foo%")).isEqualTo("FALSE");
        assertThat(like("A%fooA_", "A", "%foo_")).isEqualTo("TRUE");
        assertThat(like("A_A_", "A", "_A")).isEqualTo("FALSE");
        assertThat(like("A_A_", "A", "__")).isEqualTo("TRUE");
        assertThat(like("\\__\\%%", "\\", "_a%b")).isEqualTo("TRUE");
        assertThat(like("fooG_%", "G", "foo_test")).isEqualTo("TRUE");
        assertThat(like("fooG_%", "G", "fooxtest")).isEqualTo("FALSE");
        assertThat(like("100!%", "!", "100%")).isEqualTo("TRUE");
        assertThat(like("100!%", "!", "1000")).isEqualTo("FALSE");
        assertThat(like("%!%%", "!", "50% off")).isEqualTo("TRUE");
        assertThat(like("%!%%", "!", "50 off")).isEqualTo("FALSE");
    }

    @Test
    void theEscapeCharacterEscapesItself() {
        assertThat(like("a!!b", "!", "a!b")).isEqualTo("TRUE");
        assertThat(like("a!!%", "!", "a!xyz")).isEqualTo("TRUE");
        assertThat(like("a!!%", "!", "axyz")).isEqualTo("FALSE");
        assertThat(like("''%", "'", "'abc")).as("a quote as the escape").isEqualTo("TRUE");
        assertThat(like("''''%", "'", "'abc")).isEqualTo("FALSE");
    }

    @Test
    void anUnusedEscapeCharacterChangesNothing() {
        assertThat(like("12%3", "#", "12993")).isEqualTo("TRUE");
        assertThat(like("a_c", "#", "abc")).isEqualTo("TRUE");
    }

    @Test
    void aWildcardCanBeTheEscapeCharacter() {
        assertThat(like("a%%", "%", "a%")).isEqualTo("TRUE");
        assertThat(like("a%%", "%", "ab")).isEqualTo("FALSE");
        assertThat(like("a__", "_", "a_")).isEqualTo("TRUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab!", "a!b", "!x%", "!"})
    void anEscapeCharacterNotFollowedByAWildcardOrItselfIsRejected(String pattern) {
        SelectorSyntaxException e = rejection("v LIKE '" + pattern + "' ESCAPE '!'");

        assertThat(e.position()).isEqualTo(7);
        assertThat(e.problem()).contains("escape character '!'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"''", "'ab'", "'\\\\'", "'''a'"})
    void anEscapeThatIsNotExactlyOneCharacterIsRejected(String escape) {
        SelectorSyntaxException e = rejection("v LIKE 'a%' ESCAPE " + escape);

        assertThat(e.position()).isEqualTo(19);
    }

    @Test
    void aSupplementaryCharacterIsOneEscapeCharacter() {
        assertThat(like("\uD83D\uDE00%x", "\uD83D\uDE00", "%x")).isEqualTo("TRUE");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(truth("v like 'x!_%' escape '!'", props("v", "x_y"))).isEqualTo("TRUE");
        assertThat(truth("v Not Like 'x%'", props("v", "y"))).isEqualTo("TRUE");
    }

    @Test
    void aNullIdentifierIsUnknown() {
        assertThat(truth("myNullProp LIKE '1_3'")).isEqualTo("UNKNOWN");
        assertThat(truth("myNullProp NOT LIKE '1_3'")).isEqualTo("UNKNOWN");
        assertThat(truth("myNullProp LIKE '%'")).isEqualTo("UNKNOWN");
    }

    @Test
    void aValueThatIsNotAStringIsUnknown() {
        for (Object value : new Object[] {123, 123L, 1.5, true}) {
            assertThat(truth("p LIKE '1_3'", props("p", value))).isEqualTo("UNKNOWN");
            assertThat(truth("p NOT LIKE '1_3'", props("p", value))).isEqualTo("UNKNOWN");
            assertThat(truth("p LIKE '%'", props("p", value))).isEqualTo("UNKNOWN");
        }
    }

    @Test
    void aLongValueWithManyWildcardsIsMatchedWithoutRegex() {
        String value = "a".repeat(10_000) + "b";
        assertThat(like("%a%a%a%a%a%a%a%a%c", value)).isEqualTo("FALSE");
        assertThat(like("%a%a%a%a%a%a%a%a%b", value)).isEqualTo("TRUE");
    }
}
