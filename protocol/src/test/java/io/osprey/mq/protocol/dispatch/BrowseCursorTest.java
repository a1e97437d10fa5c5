package io.osprey.mq.protocol.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.header.HeaderException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JMS_BROWSE cursor: what the broker writes it reads back; anything else is refused naming the problem. */
class BrowseCursorTest {

    @Test
    void readsBackWhatItWrites() {
        BrowseCursor cursor = new BrowseCursor(4, 1, Map.of(0, 17L, 3, 12L), Map.of(0, 40L, 3, 12L));

        assertThat(cursor.encode()).isEqualTo("4:1:0=17/40,3=12/12");
        assertThat(BrowseCursor.decode(cursor.encode())).isEqualTo(cursor);
        BrowseCursor empty = new BrowseCursor(9, -1, Map.of(), Map.of());
        assertThat(BrowseCursor.decode(empty.encode())).isEqualTo(empty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9", "9:-1", "9:x:", "10:-1:", "4:4:", "4:-2:", "4:-1:0=1", "4:-1:0=1/", "4:-1:=1/2",
            "4:-1:0=-1/2", "4:-1:0=1/2,", "4:-1:a=1/2"})
    void refusesACursorItDidNotWrite(String text) {
        assertThatThrownBy(() -> BrowseCursor.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeaderRefusesABadCursorAsABadField() {
        assertThatThrownBy(() -> BrowseHeader.from(Map.of("connectionId", "c", "queue", "q", "maxMessages", "5",
                "cursor", "junk"))).isInstanceOf(HeaderException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> BrowseHeader.from(Map.of("connectionId", "c", "queue", "q", "maxMessages", "0")))
                .isInstanceOf(HeaderException.class);
        BrowseHeader header = new BrowseHeader("c", "q", "a = 1", new BrowseCursor(4, -1, Map.of(0, 1L),
                Map.of(0, 2L)), 5);
        assertThat(BrowseHeader.from(header.toExtFields())).isEqualTo(header);
    }
}
