package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static io.osprey.mq.protocol.selector.Selectors.truth;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * §3.8.1.1 {@code identifier [NOT] IN (string-literal1, string-literal2, …)}, "where identifier has a String or
 * NULL value": "Country IN ('UK', 'US', 'France')" is true for 'UK' and false for 'Peru'; NOT IN the reverse; a
 * NULL identifier makes both unknown — and so does a value that is not a String (Jakarta Messaging TCK inTest7).
 */
class InTest {

    @Test
    void theSpecExample() {
        assertThat(truth("Country IN ('UK', 'US', 'France')", props("Country", "UK"))).isEqualTo("TRUE");
        assertThat(truth("Country IN ('UK', 'US', 'France')", props("Country", "Peru"))).isEqualTo("FALSE");
        assertThat(truth("Country NOT IN ('UK', 'US', 'France')", props("Country", "UK"))).isEqualTo("FALSE");
        assertThat(truth("Country NOT IN ('UK', 'US', 'France')", props("Country", "Peru"))).isEqualTo("TRUE");
    }

    @Test
    void matchingIsExactAndCaseSensitive() {
        assertThat(truth("t IN ('foo','jms','test')", props("t", "JMS"))).isEqualTo("FALSE");
        assertThat(truth("t IN (' UK')", props("t", "UK"))).isEqualTo("FALSE");
        assertThat(truth("t IN ('it''s')", props("t", "it's"))).isEqualTo("TRUE");
        assertThat(truth("t IN ('')", props("t", ""))).isEqualTo("TRUE");
        assertThat(truth("t in ('a', 'a')", props("t", "a"))).isEqualTo("TRUE");
    }

    @Test
    void aSingleItemAndALongListWork() {
        assertThat(truth("t IN ('only')", props("t", "only"))).isEqualTo("TRUE");
        String items = IntStream.range(0, 1000).mapToObj(i -> "'v" + i + "'").collect(Collectors.joining(", "));
        assertThat(truth("t IN (" + items + ")", props("t", "v999"))).isEqualTo("TRUE");
        assertThat(truth("t IN (" + items + ")", props("t", "v1000"))).isEqualTo("FALSE");
    }

    @Test
    void aNullIdentifierIsUnknown() {
        assertThat(truth("myNullProp IN ('foo','jms','test')")).isEqualTo("UNKNOWN");
        assertThat(truth("myNullProp NOT IN ('foo','jms','test')")).isEqualTo("UNKNOWN");
    }

    @Test
    void aValueThatIsNotAStringIsUnknown() {
        for (Object value : new Object[] {0, 1L, 2.5, 1.5f, true, (short) 1}) {
            assertThat(truth("p IN ('0', '1', 'true')", props("p", value))).as("%s", value).isEqualTo("UNKNOWN");
            assertThat(truth("p NOT IN ('foo','jms','test')", props("p", value))).as("%s", value).isEqualTo("UNKNOWN");
        }
    }
}
