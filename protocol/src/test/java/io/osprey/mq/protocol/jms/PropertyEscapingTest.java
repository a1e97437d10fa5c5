package io.osprey.mq.protocol.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The escaped form of names and Strings a RocketMQ property cannot hold as they are. */
class PropertyEscapingTest {

    @Test
    void unescapeUndoesEscapeForAnyString() {
        Random random = new Random(1_2_3_4L);
        for (int round = 0; round < 5_000; round++) {
            String s = RandomProperties.awkwardText(random, random.nextInt(16));

            String escaped = PropertyEscaping.escape(s);

            assertThat(PropertyEscaping.needed(escaped)).as("round %d", round).isFalse();
            assertThat(PropertyEscaping.unescape(escaped)).as("round %d", round).isEqualTo(s);
        }
    }

    @Test
    void onlyTheSeparatorsAndUnpairedSurrogatesNeedEscaping() {
        assertThat(PropertyEscaping.needed("plain \u0000\u0003 \\u0001 \ud83d\ude00")).isFalse();
        assertThat(PropertyEscaping.needed("\u0001")).isTrue();
        assertThat(PropertyEscaping.needed("\u0002")).isTrue();
        assertThat(PropertyEscaping.needed("a\ud83d")).isTrue();
        assertThat(PropertyEscaping.needed("\ude00a")).isTrue();
    }

    @Test
    void aStringWithNothingToEscapeIsItself() {
        String plain = "nothing to escape \u0000 \ud83d\ude00";
        assertThat(PropertyEscaping.escape(plain)).isSameAs(plain);
        assertThat(PropertyEscaping.escape("a\\b\u0001")).isEqualTo("a\\\\b\\u0001");
    }
}
