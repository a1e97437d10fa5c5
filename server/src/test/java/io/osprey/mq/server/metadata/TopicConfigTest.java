package io.osprey.mq.server.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"TopicTest", "%RETRY%group-1", "%DLQ%g_2", "a|b", "TBW102", "x"})
    void acceptsNamesRocketMqAccepts(String name) {
        TopicConfig.validateName(name);
        assertThat(TopicConfig.of(name, 4, 4, 6).topicName()).isEqualTo(name);
    }

    @Test
    void acceptsANameOf127Characters() {
        TopicConfig.validateName("t".repeat(127));
    }

    @Test
    void rejectsANameOf128CharactersSayingHowLongItIs() {
        assertThatThrownBy(() -> TopicConfig.validateName("t".repeat(128)))
                .isInstanceOf(InvalidTopicNameException.class)
                .hasMessageContaining("127").hasMessageContaining("128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "a/b", "a.b", "ünïcode", "a@b", "a:b"})
    void rejectsCharactersOutsideTheRocketMqSet(String name) {
        assertThatThrownBy(() -> TopicConfig.validateName(name))
                .isInstanceOf(InvalidTopicNameException.class)
                .hasMessageContaining("[" + name + "]");
    }

    @Test
    void rejectsAnEmptyOrMissingName() {
        assertThatThrownBy(() -> TopicConfig.validateName("")).isInstanceOf(InvalidTopicNameException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> TopicConfig.validateName(null)).isInstanceOf(InvalidTopicNameException.class);
    }

    @Test
    void constructingATopicChecksItsName() {
        assertThatThrownBy(() -> TopicConfig.of("bad name", 1, 1, 6)).isInstanceOf(InvalidTopicNameException.class);
    }

    @Test
    void defaultsTheFilterTypeToSingleTag() {
        assertThat(new TopicConfig("T", 1, 1, 6, 0, false, null).topicFilterType()).isEqualTo("SINGLE_TAG");
    }

    @Test
    void readsPermissionBits() {
        TopicConfig template = TopicConfig.of("TBW102", 8, 8, 7);
        assertThat(template.readable()).isTrue();
        assertThat(template.writable()).isTrue();
        assertThat(template.inheritable()).isTrue();
        TopicConfig readOnly = template.withPerm(TopicConfig.PERM_READ);
        assertThat(readOnly.writable()).isFalse();
        assertThat(readOnly.inheritable()).isFalse();
    }

    @Test
    void rejectsNegativeQueueCountsAndUnknownPermBits() {
        assertThatThrownBy(() -> TopicConfig.of("T", -1, 1, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicConfig.of("T", 1, 1, 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
