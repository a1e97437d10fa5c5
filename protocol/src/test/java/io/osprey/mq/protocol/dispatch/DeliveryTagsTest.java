package io.osprey.mq.protocol.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body of JMS_ACK and JMS_RETURN ({@link DeliveryTags}): tags come back as encoded, in order. */
class DeliveryTagsTest {

    @Test
    void decodesWhatItEncodesInOrderEvenWhenSubscriptionsAlternate() {
        List<DeliveryTag> tags = List.of(new DeliveryTag("queue:A", 0, 4), new DeliveryTag("queue:B", 1, 0),
                new DeliveryTag("queue:A", 0, 2), new DeliveryTag("queue:A", 3, 9), new DeliveryTag("queue:B", 0, 1));

        assertThat(DeliveryTags.decode(DeliveryTags.encode(tags))).containsExactlyElementsOf(tags);
        assertThat(DeliveryTags.decode(DeliveryTags.encode(List.of()))).isEmpty();
        assertThat(DeliveryTags.decode(null)).as("no body, no tags").isEmpty();
    }

    @Test
    void carriesAsManyTagsAsItsLimitAndRefusesOneMore() {
        List<DeliveryTag> most = new ArrayList<>(DeliveryTags.MAX_TAGS + 1);
        for (int i = 0; i < DeliveryTags.MAX_TAGS; i++) {
            most.add(new DeliveryTag("queue:Q", i & 7, i));
        }
        assertThat(DeliveryTags.decode(DeliveryTags.encode(most))).hasSize(DeliveryTags.MAX_TAGS)
                .last().isEqualTo(most.get(most.size() - 1));

        most.add(new DeliveryTag("queue:Q", 0, 0));
        assertThatThrownBy(() -> DeliveryTags.encode(most)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(DeliveryTags.MAX_TAGS));
    }

    @Test
    void refusesEveryTruncationAndTrailingBytes() {
        byte[] body = DeliveryTags.encode(List.of(new DeliveryTag("queue:A", 0, 4), new DeliveryTag("b", 1, 2)));
        for (int length = 0; length < body.length; length++) {
            byte[] truncated = Arrays.copyOf(body, length);
            assertThatThrownBy(() -> DeliveryTags.decode(truncated)).as("%d of %d bytes", length, body.length)
                    .isInstanceOf(MalformedBodyException.class);
        }
        assertThatThrownBy(() -> DeliveryTags.decode(Arrays.copyOf(body, body.length + 3)))
                .isInstanceOf(MalformedBodyException.class).hasMessageContaining("3 bytes after");
    }
}
