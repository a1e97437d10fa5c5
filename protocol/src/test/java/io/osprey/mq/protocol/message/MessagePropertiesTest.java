package io.osprey.mq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagePropertiesTest {

    @Test
    void encodesInInsertionOrderWithoutTrailingSeparator() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.KEYS, "k1");
        props.put("x", "y");
        props.put(MessageConst.TAGS, "tagA");

        assertThat(MessageProperties.encode(props)).isEqualTo("KEYS\u0001k1\u0002x\u0001y\u0002TAGS\u0001tagA");
    }

    @Test
    void skipsNullValues() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("a", null);
        props.put("b", "1");

        assertThat(MessageProperties.encode(props)).isEqualTo("b\u00011");
    }

    @Test
    void decodesKeepingOrderUnknownKeysAndNonAsciiValues() {
        String encoded = "UNIQ_KEY\u0001AB\u0002zz-custom\u0001h\u00e9llo \u4e16\u754c\u0002TAGS\u0001t";

        LinkedHashMap<String, String> map = MessageProperties.decode(encoded);

        assertThat(map).containsExactly(entry("UNIQ_KEY", "AB"), entry("zz-custom", "h\u00e9llo \u4e16\u754c"),
                entry("TAGS", "t"));
        assertThat(MessageProperties.encode(map)).isEqualTo(encoded);
    }

    @Test
    void splitsAtTheFirstNameValueSeparatorOnly() {
        assertThat(MessageProperties.decode("k\u0001v\u0001w")).containsExactly(entry("k", "v\u0001w"));
    }

    @Test
    void dropsEntriesWithEmptyKeyOrValueOrNoSeparator() {
        assertThat(MessageProperties.decode("\u0001v\u0002k\u0001\u0002junk\u0002\u0002a\u0001b\u0002"))
                .containsExactly(entry("a", "b"));
        assertThat(MessageProperties.decode("")).isEmpty();
        assertThat(MessageProperties.decode(null)).isEmpty();
    }

    @Test
    void refusesSeparatorsInsideKeysOrValues() {
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("k", "a\u0002b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("k\u0001", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesPropertiesOver32767Utf8Bytes() {
        String value = "\u00e9".repeat(16_383); // 32 766 bytes, plus "k" and the separator

        assertThatThrownBy(() -> MessageProperties.encode(Map.of("k", value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32767");
        assertThat(MessageProperties.encode(Map.of("k", value.substring(1)))).isNotEmpty();
    }
}
