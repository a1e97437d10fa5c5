package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.broker.topic.SystemTopics;
import io.osprey.mq.server.store.MessageToStore;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelayedCopyTest {
    private static final InetSocketAddress BORN = new InetSocketAddress("10.0.0.5", 51000);
    private static final InetSocketAddress STORE = new InetSocketAddress("10.0.0.1", 10911);

    private static MessageRecord parked(Map<String, String> properties) {
        return new MessageRecord(3, 9, 17, 4096, 0, 1_000, BORN, 2_000, STORE, 2, 0, new byte[] {1, 2, 3},
                SystemTopics.SCHEDULE, MessageProperties.encode(properties));
    }

    @Test
    void copyGoesToTheRealQueueWithoutDelayBookkeepingAndIndexedByTag() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MessageConst.TAGS, "red");
        properties.put(MessageConst.DELAY_TIME_LEVEL, "4");
        properties.put(MessageConst.REAL_TOPIC, "Paint");
        properties.put(MessageConst.REAL_QUEUE_ID, "3");
        properties.put(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "U1");

        MessageToStore copy = DelayedCopy.of(parked(properties));

        assertThat(copy.topic()).isEqualTo("Paint");
        assertThat(copy.queueId()).isEqualTo(3);
        assertThat(copy.tagsCode()).isEqualTo("red".hashCode());
        assertThat(copy.propertiesMap()).containsExactly(Map.entry(MessageConst.TAGS, "red"),
                Map.entry(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "U1"));
        assertThat(copy.body()).containsExactly(1, 2, 3);
        assertThat(copy.flag()).isEqualTo(9);
        assertThat(copy.bornTimestamp()).isEqualTo(1_000);
        assertThat(copy.bornHost()).isEqualTo(BORN);
        assertThat(copy.reconsumeTimes()).isEqualTo(2);
    }

    @Test
    void recordWithoutRealTopicIsUndeliverable() {
        assertThatThrownBy(() -> DelayedCopy.of(parked(Map.of(MessageConst.REAL_QUEUE_ID, "0"))))
                .isInstanceOf(DelayedCopy.UndeliverableException.class).hasMessageContaining("REAL_TOPIC");
    }

    @Test
    void recordWithBadRealQueueIsUndeliverable() {
        assertThatThrownBy(() -> DelayedCopy.of(parked(Map.of(MessageConst.REAL_TOPIC, "T",
                MessageConst.REAL_QUEUE_ID, "x")))).isInstanceOf(DelayedCopy.UndeliverableException.class);
    }
}
