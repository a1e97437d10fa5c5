package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.broker.topic.SystemTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendBackTest {
    private static final String GROUP = "orders-consumer";
    private static final String TOPIC = "Orders";

    @TempDir
    Path dir;
    private BrokerHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir, BrokerHarness.SHORT_LEVELS);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static Map<String, String> properties(String uniqKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MessageConst.TAGS, "blue");
        properties.put(MessageConst.KEYS, "order-1");
        properties.put(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey);
        properties.put("customer", "Zoë");
        return properties;
    }

    private RemotingCommand sendBack(long offset, int delayLevel, String originMsgId, Integer maxReconsumeTimes)
            throws Exception {
        SendBackRequestHeader header = new SendBackRequestHeader(offset, GROUP, delayLevel, originMsgId, TOPIC,
                false, maxReconsumeTimes);
        return harness.invoke(RequestCode.CONSUMER_SEND_MSG_BACK, header.toExtFields(), null);
    }

    @Test
    void sendBackParksTheCopyThenDeliversItToTheRetryTopicAfterTheDelay() throws Exception {
        long offset = harness.send(TOPIC, 1, "hello", properties("UNIQ-1"));
        MessageRecord original = harness.broker().store().readMessage(offset).orElseThrow();

        RemotingCommand response = sendBack(offset, 0, "UNIQ-1", null);

        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        // delayLevel 0: the broker picks 3 + reconsumeTimes = level 3, i.e. schedule queue 2
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.messages(SystemTopics.SCHEDULE, 2).size() == 1);
        List<MessageRecord> parked = harness.messages(SystemTopics.SCHEDULE, 2);
        assertThat(parked.get(0).propertiesMap())
                .containsEntry(MessageConst.REAL_TOPIC, "%RETRY%" + GROUP)
                .containsEntry(MessageConst.DELAY_TIME_LEVEL, "3");

        String retryTopic = SystemTopics.retryTopic(GROUP);
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.messages(retryTopic, 0).size() == 1);
        MessageRecord retried = harness.messages(retryTopic, 0).get(0);
        assertThat(new String(retried.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(retried.reconsumeTimes()).isEqualTo(1);
        assertThat(retried.flag()).isEqualTo(original.flag());
        assertThat(retried.bornTimestamp()).isEqualTo(original.bornTimestamp());
        assertThat(retried.bornHost()).isEqualTo(original.bornHost());
        assertThat(retried.storeTimestamp()).isGreaterThanOrEqualTo(parked.get(0).storeTimestamp() + 1_000);
        assertThat(retried.propertiesMap())
                .containsEntry(MessageConst.RETRY_TOPIC, TOPIC)
                .containsEntry(MessageConst.ORIGIN_MESSAGE_ID, "UNIQ-1")
                .containsEntry(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "UNIQ-1")
                .containsEntry(MessageConst.TAGS, "blue")
                .containsEntry(MessageConst.KEYS, "order-1")
                .containsEntry("customer", "Zoë")
                .doesNotContainKeys(MessageConst.DELAY_TIME_LEVEL, MessageConst.REAL_TOPIC,
                        MessageConst.REAL_QUEUE_ID);
    }

    @Test
    void secondSendBackKeepsTheFirstRetryTopicAndOriginIdAndCountsAgain() throws Exception {
        long offset = harness.send(TOPIC, 0, "again", properties("UNIQ-2"));
        sendBack(offset, 1, "UNIQ-2", null);
        String retryTopic = SystemTopics.retryTopic(GROUP);
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.messages(retryTopic, 0).size() == 1);
        MessageRecord firstRetry = harness.messages(retryTopic, 0).get(0);

        SendBackRequestHeader header = new SendBackRequestHeader(firstRetry.physicalOffset(), GROUP, 1, "UNIQ-2",
                retryTopic, false, null);
        RemotingCommand response = harness.invoke(RequestCode.CONSUMER_SEND_MSG_BACK, header.toExtFields(), null);

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.messages(retryTopic, 0).size() == 2);
        MessageRecord secondRetry = harness.messages(retryTopic, 0).get(1);
        assertThat(secondRetry.reconsumeTimes()).isEqualTo(2);
        assertThat(secondRetry.propertiesMap())
                .containsEntry(MessageConst.RETRY_TOPIC, TOPIC)
                .containsEntry(MessageConst.ORIGIN_MESSAGE_ID, "UNIQ-2");
    }

    @Test
    void exhaustedMessageGoesToTheDeadLetterQueueAtOnce() throws Exception {
        long offset = harness.send(TOPIC, 0, "poison", properties("UNIQ-3"));

        RemotingCommand response = sendBack(offset, 0, null, 0);

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        String dlq = SystemTopics.dlqTopic(GROUP);
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.messages(dlq, 0).size() == 1);
        List<MessageRecord> dead = harness.messages(dlq, 0);
        assertThat(dead.get(0).reconsumeTimes()).isEqualTo(1);
        assertThat(dead.get(0).propertiesMap())
                .containsEntry(MessageConst.RETRY_TOPIC, TOPIC)
                .containsEntry(MessageConst.ORIGIN_MESSAGE_ID, "UNIQ-3")
                .doesNotContainKey(MessageConst.DELAY_TIME_LEVEL);
        assertThat(harness.messages(SystemTopics.SCHEDULE, 2)).isEmpty();
    }

    @Test
    void negativeDelayLevelMeansDeadLetterQueue() throws Exception {
        long offset = harness.send(TOPIC, 0, "reject", properties("UNIQ-4"));

        RemotingCommand response = sendBack(offset, -1, "UNIQ-4", 16);

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> harness.messages(SystemTopics.dlqTopic(GROUP), 0).size() == 1);
    }

    @Test
    void unknownOffsetIsASystemError() throws Exception {
        harness.send(TOPIC, 0, "x", properties("UNIQ-5"));

        RemotingCommand response = sendBack(1L << 40, 0, "UNIQ-5", null);

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("look message by offset failed");
    }
}
