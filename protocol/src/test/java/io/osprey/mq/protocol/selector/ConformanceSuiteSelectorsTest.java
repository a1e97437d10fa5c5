package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §3.8.1 as conformance suites test it: every selector of the Jakarta Messaging TCK's message selector tests
 * (platform-tck {@code com.sun.ts.tests.jms.core.selectorQueue.MsgSelectorQueueTests}; selectorTopic has the
 * same cases) and of the JORAM JMS conformance tests Artemis and ActiveMQ run
 * ({@code org.objectweb.jtests.jms.conform.selector.SelectorTest} and {@code SelectorSyntaxTest}), each with the
 * message those tests expect it to select and, where they have one, a message they expect it not to select.
 * The TCK sets JMSType on every message; the properties here are what each test sets.
 */
class ConformanceSuiteSelectorsTest {

    private static Arguments selects(String test, String selector, PropertySource selected) {
        return Arguments.of(test, selector, selected, null);
    }

    private static Arguments selectsOnly(String test, String selector, PropertySource selected,
                                         PropertySource notSelected) {
        return Arguments.of(test, selector, selected, notSelected);
    }

    static Stream<Arguments> tckSelectors() {
        return Stream.of(
                selects("selectorTest01", "JMSType='literal'", props("JMSType", "literal")),
                selects("selectorTest02", "JMSType='literal''s'", props("JMSType", "literal's")),
                selects("selectorTest03", "myProp0=" + Long.MIN_VALUE + "L AND myProp1=" + Long.MAX_VALUE + "L",
                        props("myProp0", Long.MIN_VALUE, "myProp1", Long.MAX_VALUE)),
                selects("selectorTest04", "myProp0=-957 AND myProp1=+62", props("myProp0", -957L, "myProp1", 62L)),
                selects("selectorTest05", "myProp=035", props("myProp", 29L)),
                selects("selectorTest06", "myProp=0x1d", props("myProp", 29L)),
                selects("selectorTest07", "myProp0=7E3 AND myProp1=-57.9E3",
                        props("myProp0", 7000.0, "myProp1", -57900.0)),
                selects("selectorTest08", "myProp=7000.", props("myProp", 7000.0)),
                selects("selectorTest09", "myProp0=.7e4", props("myProp0", 7000.0)),
                selects("selectorTest11", "myProp0=TRUE AND myProp1=FALSE", props("myProp0", true, "myProp1", false)),
                selects("selectorTest12", "myProp0=false AND myProp1=true", props("myProp0", false, "myProp1", true)),
                selects("identifierTest01", "$myProp=TRUE AND _myProp=FALSE", props("$myProp", true, "_myProp", false)),
                selects("identifierTest12", "myProp=TRUE AND MYpROP=FALSE", props("myProp", true, "MYpROP", false)),
                selectsOnly("identifierTest13", "myProp ='foo'", props("myProp", "foo"), props()),
                selects("whitespaceTest1", "JMSType   =   'foo'", props("JMSType", "foo")),
                selects("whitespaceTest2", "JMSType\t=\t'foo'", props("JMSType", "foo")),
                selects("whitespaceTest3", "JMSType\f=\f'foo'", props("JMSType", "foo")),
                selects("whitespaceTest4", "JMSType\n= \n'foo'", props("JMSType", "foo")),
                selects("expressionTest1", "myProp", props("myProp", true)),
                selectsOnly("expressionTest2", "myProp", props("myProp", true), props("myProp", false)),
                selectsOnly("expressionTest3", "myNullProp", props("myNullProp", true), props()),
                selectsOnly("bracketingTest1", "(myTrueProp OR myFalseProp) AND myFalseProp",
                        props("myTrueProp", true, "myFalseProp", true), props("myTrueProp", true, "myFalseProp", false)),
                selects("bracketingTest2", "TRUE OR (FALSE AND FALSE)", props()),
                selectsOnly("bracketingTest3", "(myProp0 = true OR myProp1 = true) AND JMSType = 'not_foo'",
                        props("JMSType", "not_foo", "myProp0", true, "myProp1", false),
                        props("JMSType", "foo", "myProp0", true, "myProp1", false)),
                selects("bracketingTest4", "(myProp1 = true AND JMSType = 'not_foo') OR myProp0 = true",
                        props("JMSType", "foo", "myProp0", true, "myProp1", false)),
                selects("comparisonTest01", "myProp0 = 'foo' AND myProp1 > 0 AND myProp2 >= 2 AND myProp3 >= 2 AND "
                                + "myProp4 < 5 AND myProp5 <= 6 AND myProp6 <= 6 AND myProp7 <> 7",
                        props("myProp0", "foo", "myProp1", 1, "myProp2", 2.0f, "myProp3", 3, "myProp4", 4.0,
                                "myProp5", 5, "myProp6", 6, "myProp7", 0f)),
                selectsOnly("comparisonTest02", "myProp0 = 'foo' OR myProp1 > 0 OR myProp2 >= 2 OR myProp3 < 5 OR "
                                + "myProp4 <= 6 OR myProp5 <> 7",
                        props("myProp0", "foo", "myProp1", 0, "myProp2", 1.5f, "myProp3", 5.0, "myProp4", 7,
                                "myProp5", 7f),
                        props("myProp0", "not_foo", "myProp1", 0, "myProp2", 1.5f, "myProp3", 5.0, "myProp4", 7,
                                "myProp5", 7f)),
                selects("comparisonTest03", "myProp0 < myProp1", props("myProp0", 0, "myProp1", 1.5)),
                selects("comparisonTest08", "JMSType = 'foo' AND myProp <> 'not_foo'",
                        props("JMSType", "foo", "myProp", "foo")),
                selects("comparisonTest13", "myProp0 = TRUE AND myProp1 <> FALSE", props("myProp0", true, "myProp1", true)),
                selects("operatorTest1", "-myProp0 < 0 AND +myProp1 < 0", props("myProp0", 5, "myProp1", -5)),
                selects("operatorTest2", "myProp0*2 = 10 AND myProp1/2 = -5", props("myProp0", 5, "myProp1", -10)),
                selects("operatorTest3", "myProp0+5 = 0 AND myProp1-5 = 5", props("myProp0", -5, "myProp1", 10)),
                selects("betweenTest1", "myProp0 BETWEEN 5 and 10 AND myProp1 BETWEEN -1 and 1 AND myProp2 BETWEEN 0 and 2",
                        props("myProp0", 7, "myProp1", -1, "myProp2", 2)),
                selectsOnly("betweenTest2", "myProp0 BETWEEN  -4 and 5 OR myProp1 BETWEEN -5 and 4",
                        props("myProp0", 0, "myProp1", 5), props("myProp0", -5, "myProp1", 5)),
                selects("betweenTest3", "myProp0 NOT BETWEEN  -4 and 5 AND myProp1 NOT BETWEEN -5 and 4",
                        props("myProp0", -5, "myProp1", 5)),
                selectsOnly("betweenTest4", "myProp0 NOT BETWEEN 5 and 10 OR myProp1 NOT BETWEEN -1 and 1 OR "
                                + "myProp2 NOT BETWEEN 0 and 2",
                        props("myProp0", 0, "myProp1", -1, "myProp2", 2), props("myProp0", 7, "myProp1", -1, "myProp2", 2)),
                selectsOnly("betweenTest5", "myProp BETWEEN 5 and 10", props("myProp", 7), props("myProp", "7")),
                selectsOnly("betweenTest6", "myProp BETWEEN 5 and 10", props("myProp", 7), props("myProp", "seven")),
                selects("inTest1", "JMSType IN ('foo','jms','test')", props("JMSType", "jms")),
                selectsOnly("inTest2", "JMSType IN ('foo','jms','test')", props("JMSType", "jms"), props("JMSType", "JMS")),
                selects("inTest3", "JMSType NOT IN ('foo','jms','test')", props("JMSType", "FOO")),
                selectsOnly("inTest4", "JMSType NOT IN ('foo','jms','test')", props("JMSType", "FOO"),
                        props("JMSType", "foo")),
                selectsOnly("inTest5", "myNullProp IN ('foo','jms','test')", props("myNullProp", "jms"), props()),
                selectsOnly("inTest6", "myNullProp NOT IN ('foo','jms','test')", props("myNullProp", "JMS"), props()),
                selectsOnly("inTest7", "myProp NOT IN ('foo','jms','test')", props("myProp", "zero"), props("myProp", 0)),
                selects("likeTest01", "JMSType LIKE 'jms'", props("JMSType", "jms")),
                selects("likeTest02", "JMSType LIKE 's_lector' AND myProp0 LIKE '_bcd' AND myProp1 LIKE '123_'",
                        props("JMSType", "selector", "myProp0", "abcd", "myProp1", "1234")),
                selects("likeTest03", "JMSType LIKE 's%tor' AND myProp0 LIKE '%cd' AND myProp1 LIKE '1%' AND "
                                + "myProp2 LIKE 'AB%CD' AND myProp3 LIKE '%'",
                        props("JMSType", "selector", "myProp0", "abcd", "myProp1", "1234", "myProp2", "ABCD",
                                "myProp3", "foo")),
                selects("likeTest04", "JMSType LIKE 'A_fo_A%f%' ESCAPE 'A'", props("JMSType", "_foo%foo")),
                selectsOnly("likeTest05", "JMSType LIKE '123' OR myProp LIKE 'jms0'",
                        props("JMSType", "1234", "myProp", "jms0"), props("JMSType", "1234", "myProp", "jms")),
                selectsOnly("likeTest06", "JMSType LIKE 'se_ector' OR myProp0 LIKE '_cd' OR myProp1 LIKE '12_'",
                        props("JMSType", "selector", "myProp0", "abcd", "myProp1", "1234"),
                        props("JMSType", "seleector", "myProp0", "abcd", "myProp1", "1234")),
                selectsOnly("likeTest07", "JMSType LIKE '12%3'", props("JMSType", "12333"), props("JMSType", "1234")),
                selectsOnly("likeTest08", "JMSType LIKE 'A%fooA_' ESCAPE 'A'", props("JMSType", "%foo_"),
                        props("JMSType", "_foo%")),
                selects("likeTest09", "JMSType NOT LIKE 'jms_foo'", props("JMSType", "jms")),
                selects("likeTest10", "JMSType NOT LIKE 's_ector' AND myProp0 NOT LIKE '_cd' AND myProp1 NOT LIKE '12_'",
                        props("JMSType", "selector", "myProp0", "abcd", "myProp1", "1234")),
                selects("likeTest11", "myProp0 NOT LIKE '%cde' AND myProp1 NOT LIKE '01%' AND myProp2 NOT LIKE 'A%x%D'",
                        props("myProp0", "abcd", "myProp1", "1234", "myProp2", "ABCD")),
                selects("likeTest12", "JMSType NOT LIKE 'A_A_' ESCAPE 'A'", props("JMSType", "_A")),
                selectsOnly("likeTest13", "JMSType NOT LIKE '1234' OR myProp NOT LIKE 'jms'",
                        props("JMSType", "foo", "myProp", "jms"), props("JMSType", "1234", "myProp", "jms")),
                selectsOnly("likeTest14", "JMSType NOT LIKE 'se_ector' OR myProp0 NOT LIKE '_bcd' OR myProp1 NOT LIKE '123_'",
                        props("JMSType", "foo", "myProp0", "abcd", "myProp1", "1234"),
                        props("JMSType", "selector", "myProp0", "abcd", "myProp1", "1234")),
                selectsOnly("likeTest15", "JMSType NOT LIKE '12%'", props("JMSType", "foo"), props("JMSType", "1234")),
                selectsOnly("likeTest16", "JMSType NOT LIKE 'A_fooA%' ESCAPE 'A'", props("JMSType", "jms"),
                        props("JMSType", "_foo%")),
                selects("likeTest17", "JMSType LIKE '\\__\\%%' ESCAPE '\\'", props("JMSType", "_a%b")),
                selectsOnly("likeTest18", "myNullProp LIKE '1_3'", props("myNullProp", "123"), props()),
                selectsOnly("likeTest19", "myNullProp NOT LIKE '1_3'", props("myNullProp", "foo"), props()),
                selectsOnly("likeTest20", "myProp LIKE '1_3'", props("myProp", "123"), props("myProp", 123)),
                selects("isNullTest1", "myNullProp IS NULL", props()),
                selectsOnly("isNullTest2", "myProp IS NULL", props(), props("myProp", "foo")),
                selects("isNullTest3", "myProp IS NOT NULL", props("myProp", 10f)),
                selectsOnly("isNullTest4", "myNullProp IS NOT NULL", props("myNullProp", "foo"), props()),
                selects("caseTest1", "myProp0 is null and myProp1 like 'fooG_%' escape 'G' and myProp2 in ('a', 'b') "
                                + "and myProp3 not between 0 and 10 and (myProp4 or false)",
                        props("myProp1", "foo_test", "myProp2", "a", "myProp3", 20, "myProp4", true)),
                selectsOnly("precedenceTest1", "NOT myTrueProp AND myFalseProp",
                        props("myTrueProp", false, "myFalseProp", true), props("myTrueProp", true, "myFalseProp", false)),
                selects("precedenceTest2", "myTrueProp AND NOT myFalseProp", props("myTrueProp", true, "myFalseProp", false)),
                selects("precedenceTest3", "myTrueProp OR myTrueProp AND myFalseProp",
                        props("myTrueProp", true, "myFalseProp", false)),
                selects("precedenceTest4", "- myProp0 + myProp1 = 0", props("myProp0", 5, "myProp1", 5)),
                selects("precedenceTest5", "myProp0+myProp1*myProp2-myProp3/myProp4 = 6",
                        props("myProp0", 1f, "myProp1", 2f, "myProp2", 3f, "myProp3", 4f, "myProp4", 4f)),
                selectsOnly("nullTest01", "myProp + 2 < 10", props("myProp", 0), props()),
                selectsOnly("nullTest02", "myProp = 'foo'", props("myProp", "foo"), props()),
                selectsOnly("nullTest03", "myProp NOT IN ('a', 'b')", props("myProp", "foo"), props()),
                selects("nullTest04", "myTrueProp AND myTrueProp", props("myTrueProp", true)),
                selectsOnly("nullTest05", "(myTrueProp AND myFalseProp) OR (myTrueProp AND myNullProp) OR "
                                + "(myFalseProp AND myTrueProp) OR (myFalseProp AND myFalseProp) OR "
                                + "(myFalseProp AND myNullProp) OR (MyNullProp AND myTrueProp) OR "
                                + "(MyNullProp AND myFalseProp) OR (MyNullProp AND myNullProp)",
                        props("myTrueProp", true, "myFalseProp", true), props("myTrueProp", true, "myFalseProp", false)),
                selects("nullTest06", "(myTrueProp OR myTrueProp) AND (myTrueProp OR myFalseProp) AND "
                                + "(myTrueProp OR myNullProp) AND (myFalseProp OR myTrueProp) AND (myNullProp OR myTrueProp)",
                        props("myTrueProp", true, "myFalseProp", false)),
                selectsOnly("nullTest07", "(myFalseProp OR myFalseProp) OR (myFalseProp OR myNullProp) OR "
                                + "(myNullProp OR myFalseProp) OR (myNullProp OR myNullProp)",
                        props("myFalseProp", true), props("myFalseProp", false)),
                selects("nullTest08", "NOT myFalseProp", props("myFalseProp", false)),
                selectsOnly("nullTest09", "NOT myTrueProp", props("myTrueProp", false), props("myTrueProp", true)),
                selectsOnly("nullTest10", "NOT myNullProp", props("myNullProp", false), props()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tckSelectors")
    void tckSelectorsSelectWhatTheTckExpects(String test, String selector, PropertySource selected,
                                            PropertySource notSelected) {
        MessageSelector compiled = MessageSelector.parse(selector);

        assertThat(compiled.matches(selected)).as("%s selects its matching message", test).isTrue();
        if (notSelected != null) {
            assertThat(compiled.matches(notSelected)).as("%s leaves its other message", test).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // identifierTest02-11, 14
            "NULL = 0", "TRUE = 0", "FALSE = 0", "NOT = 0", "AND = 0", "OR = 0", "BETWEEN = 0", "LIKE = 0", "IN = 0",
            "IS = 0", "ESCAPE = 0",
            // comparisonTest04-07, 09-12
            "myProp > 'foo'", "myProp >= 'foo'", "myProp < 'foo'", "myProp <= 'foo'",
            "'foo' > TRUE ", "'foo' >= TRUE ", "'foo' < TRUE ", "'foo' <= TRUE ",
            // betweenTest7, inTest8, likeTest21
            "myProp BETWEEN 'foo' and 'test'", "myProp NOT IN (1,2,3)", "myProp LIKE 7",
    })
    void tckInvalidSelectorsAreRejected(String selector) {
        rejection(selector);
    }

    static Stream<Arguments> joramSelectors() {
        return Stream.of(
                selectsOnly("testStringLiterals", "string = 'literal''s'", props("string", "literal's"),
                        props("string", "literal")),
                selectsOnly("testJMSDeliveryModeInSelector", "JMSDeliveryMode = 'PERSISTENT'",
                        props("JMSDeliveryMode", "PERSISTENT"), props("JMSDeliveryMode", "NON_PERSISTENT")),
                selectsOnly("testIdentifierConversion", "NumberOfOrders > 1", props("NumberOfOrders", 2),
                        props("NumberOfOrders", "2")),
                selectsOnly("testSelectorExampleFromSpecs", "JMSType = 'car' AND color = 'blue' AND weight > 2500",
                        props("JMSType", "car", "color", "blue", "weight", 3000L),
                        props("JMSType", "car", "color", "red", "weight", 3000L)),
                selectsOnly("testGreaterThan", "weight > 2500", props("weight", 3000L), props("weight", 1000L)),
                selectsOnly("testEquals", "weight = 2500", props("weight", 2500L), props("weight", 1000L)),
                selectsOnly("testNotEquals", "weight <> 2500", props("weight", 1000L), props("weight", 2500L)),
                selectsOnly("testBetween", "age BETWEEN 15 and 19", props("age", 17), props("age", 20)),
                selectsOnly("testIn", "Country IN ('UK', 'US', 'France')", props("Country", "UK"),
                        props("Country", "Peru")),
                selectsOnly("testLikeEscape", "underscored LIKE '\\_%' ESCAPE '\\'", props("underscored", "_foo"),
                        props("underscored", "bar")),
                selectsOnly("testLike_2", "word LIKE 'l_se'", props("word", "lose"), props("word", "loose")),
                selectsOnly("testLike_1", "phone LIKE '12%3'", props("phone", "12993"), props("phone", "1234")),
                selectsOnly("testNull", "prop_name IS NULL", props(), props("prop_name", "not null")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("joramSelectors")
    void joramSelectorsSelectWhatJoramExpects(String test, String selector, PropertySource selected,
                                             PropertySource notSelected) {
        tckSelectorsSelectWhatTheTckExpects(test, selector, selected, notSelected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_correct IS NULL", "$correct IS NULL", "prop_name IS NULL", "prop_name IS NOT NULL",
            "phone LIKE '12%3'", "word LIKE 'l_se'", "underscored LIKE '\\_%' ESCAPE '\\'", "phone NOT LIKE '12%3'",
            "Country IN ('UK', 'US', 'France')", "Country NOT IN ('UK', 'US', 'France')", "age BETWEEN 15 and 19",
            "age NOT BETWEEN 15 and 19", "average = +6.2", "average = -95.7", "average = 7.", "average = +62",
            "max = -957", "max = 57", "max = 0", "max = 0.0", "max = 0.", "string = 'literal'",
            "string = 'literal''s'"})
    void joramValidSyntaxIsAccepted(String selector) {
        assertThat(MessageSelector.parse(selector).expression()).isEqualTo(selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1uncorrect IS NULL", "%uncorrect IS NULL", "NULL = ZERO", "TRUE > 0", "FALSE > 0",
            "NOT > 0", "AND > 0", "OR > 0", "BETWEEN > 0", "LIKE > 0", "IN > 0", "IS > 0", "ESCAPE > 0"})
    void joramInvalidSyntaxIsRejected(String selector) {
        rejection(selector);
    }
}
