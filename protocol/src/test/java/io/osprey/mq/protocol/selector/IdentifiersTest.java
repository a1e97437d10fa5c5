package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.matches;
import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1.1 "Identifiers": Java identifier start and part characters, case-sensitive, never a reserved word; a
 * missing property is NULL; the type of a property in a selector is the type it was set with (no get-method
 * conversions); header references resolved by the caller.
 */
class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"_correct", "$correct", "a", "A1", "a_b$c", "größe", "名前", "x\u0300", "JMSXGroupID",
            "JMS_osprey_thing", "nulls", "INx", "ISNULL", "Escaped", "notable", "andy", "order", "between_"})
    void javaIdentifiersThatAreNotReservedWordsAreIdentifiers(String identifier) {
        MessageSelector selector = MessageSelector.parse(identifier + " IS NULL");

        assertThat(selector.identifiers()).containsExactly(identifier);
        assertThat(selector.matches(props())).isTrue();
        assertThat(selector.matches(props(identifier, 1))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1uncorrect", "%uncorrect", "#a", "@a", "·a", "\u0300a", "'a"})
    void identifiersMustStartWithAJavaIdentifierStartCharacter(String identifier) {
        rejection(identifier + " IS NULL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE",
            "null", "True", "fAlse", "not", "And", "or", "between", "Like", "in", "iS", "escape"})
    void reservedWordsInAnyCaseAreNotIdentifiers(String word) {
        rejection(word + " = 0");
        rejection(word + " > 0");
        rejection("x = 1 AND " + word + " IS NULL");
    }

    @Test
    void reservedWordsAreMatchedOnAsciiLettersOnly() {
        // U+0131 (dotless i) and U+017F (long s) upper-case to I and S, but "ıſ" is an identifier, not IS.
        MessageSelector selector = MessageSelector.parse("\u0131\u017F = 1 AND \u0131n = 2");

        assertThat(selector.identifiers()).containsExactly("\u0131\u017F", "\u0131n");
    }

    @Test
    void identifiersAreCaseSensitive() {
        PropertySource source = props("myProp", true, "MYpROP", false);

        assertThat(matches("myProp = TRUE AND MYpROP = FALSE", source)).isTrue();
        assertThat(matches("myprop IS NULL", source)).isTrue();
    }

    @Test
    void propertiesKeepTheTypeTheyWereSetWith() {
        assertThat(matches("NumberOfOrders > 1", props("NumberOfOrders", "2")))
                .as("a string property is not converted to a number").isFalse();
        assertThat(matches("NumberOfOrders > 1", props("NumberOfOrders", 2))).isTrue();
        assertThat(matches("flag = TRUE", props("flag", "true"))).isFalse();
        assertThat(matches("s = '1'", props("s", 1))).isFalse();
    }

    @Test
    void identifiersListsEveryReferenceOnceInOrderOfFirstAppearance() {
        MessageSelector selector = MessageSelector.parse(
                "JMSType = 'car' AND (color = 'blue' OR color IN ('red')) AND weight + extra > 2500 "
                        + "AND name LIKE 'a%' AND missing IS NULL AND flag AND age BETWEEN low AND high");

        assertThat(selector.identifiers())
                .containsExactly("JMSType", "color", "weight", "extra", "name", "missing", "flag", "age", "low", "high");
    }

    @Test
    void identifiersIsUnmodifiable() {
        MessageSelector selector = MessageSelector.parse("a = 1");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> selector.identifiers().add("b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void evaluationAsksTheSourceOnlyForReferencedIdentifiers() {
        MessageSelector selector = MessageSelector.parse("a = 1 OR b LIKE 'x%' OR c IS NULL OR d OR e IN ('z')");
        List<String> asked = new ArrayList<>();

        selector.matches(name -> {
            asked.add(name);
            return null;
        });

        assertThat(selector.identifiers()).containsAll(asked);
        assertThat(asked).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void headerIdentifiersAreWhatTheSourceReturns() {
        PropertySource headers = props("JMSDeliveryMode", "PERSISTENT", "JMSPriority", 7, "JMSMessageID", "ID:42",
                "JMSTimestamp", 1_700_000_000_000L, "JMSCorrelationID", "req-1", "JMSType", "car",
                "JMSXDeliveryCount", 2, "JMSXGroupID", "g");

        assertThat(matches("JMSDeliveryMode = 'PERSISTENT' AND JMSPriority > 4 AND JMSMessageID LIKE 'ID:%' "
                + "AND JMSTimestamp >= 1700000000000 AND JMSCorrelationID = 'req-1' AND JMSType = 'car' "
                + "AND JMSXDeliveryCount BETWEEN 2 AND 3 AND JMSXGroupID IN ('g')", headers)).isTrue();
        assertThat(matches("JMSDeliveryMode = 'NON_PERSISTENT'", headers)).isFalse();
        assertThat(matches("JMSCorrelationID IS NULL AND JMSType IS NULL", props()))
                .as("null headers are NULL").isTrue();
    }
}
