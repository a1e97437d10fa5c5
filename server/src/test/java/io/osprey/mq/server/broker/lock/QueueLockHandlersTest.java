package io.osprey.mq.server.broker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.body.CheckClientRequestBody;
import io.osprey.mq.protocol.body.HeartbeatData;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.LockBatchRequestBody;
import io.osprey.mq.protocol.body.LockBatchResponseBody;
import io.osprey.mq.protocol.body.MessageQueue;
import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.body.UnlockBatchRequestBody;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.server.broker.retry.BrokerHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOCK_BATCH_MQ, UNLOCK_BATCH_MQ and CHECK_CLIENT_CONFIG against a real broker. */
class QueueLockHandlersTest {
    private static final MessageQueue Q0 = new MessageQueue("Ledger", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("Ledger", "broker-a", 1);

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

    private Set<MessageQueue> lock(String group, String clientId, Set<MessageQueue> queues) throws Exception {
        RemotingCommand response = harness.invoke(RequestCode.LOCK_BATCH_MQ, null,
                JsonBodies.encode(new LockBatchRequestBody(clientId, group, queues, null)));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return JsonBodies.decode(response.body(), LockBatchResponseBody.class).lockOKMQSet();
    }

    private void unlock(String group, String clientId, Set<MessageQueue> queues) throws Exception {
        RemotingCommand response = harness.invoke(RequestCode.UNLOCK_BATCH_MQ, null,
                JsonBodies.encode(new UnlockBatchRequestBody(clientId, group, queues, true)));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private void heartbeat(String group, String clientId, String messageModel) throws Exception {
        HeartbeatData data = new HeartbeatData(clientId, Set.of(), Set.of(new HeartbeatData.ConsumerData(group,
                "CONSUME_PASSIVELY", messageModel, "CONSUME_FROM_LAST_OFFSET",
                Set.of(SubscriptionData.ofTags("Ledger", "*", 1)), false)), null, null);
        RemotingCommand response = harness.invoke(RequestCode.HEART_BEAT, null, JsonBodies.encode(data));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void secondClientIsDeniedAQueueTheFirstHoldsUntilItIsUnlocked() throws Exception {
        assertThat(lock("orderly", "client-1", Set.of(Q0))).containsExactly(Q0);

        assertThat(lock("orderly", "client-2", Set.of(Q0, Q1))).containsExactly(Q1);
        assertThat(lock("orderly", "client-1", Set.of(Q0))).containsExactly(Q0);

        unlock("orderly", "client-2", Set.of(Q0));
        assertThat(lock("orderly", "client-2", Set.of(Q0))).isEmpty();
        unlock("orderly", "client-1", Set.of(Q0));
        assertThat(lock("orderly", "client-2", Set.of(Q0))).containsExactly(Q0);
    }

    @Test
    void broadcastingClientsAllGetTheQueue() throws Exception {
        heartbeat("everyone", "client-1", "BROADCASTING");
        heartbeat("everyone", "client-2", "BROADCASTING");

        assertThat(lock("everyone", "client-1", Set.of(Q0))).containsExactly(Q0);
        assertThat(lock("everyone", "client-2", Set.of(Q0))).containsExactly(Q0);
    }

    @Test
    void clusteringHeartbeatKeepsLocksExclusive() throws Exception {
        heartbeat("shared", "client-1", "CLUSTERING");
        heartbeat("shared", "client-2", "CLUSTERING");

        assertThat(lock("shared", "client-1", Set.of(Q0))).containsExactly(Q0);
        assertThat(lock("shared", "client-2", Set.of(Q0))).isEmpty();
    }

    @Test
    void sql92SubscriptionIsRefusedSoTheConsumerFailsToStart() throws Exception {
        SubscriptionData sql = new SubscriptionData("Ledger", "amount > 10", Set.of(), Set.of(), 1, "SQL92", false);
        RemotingCommand response = harness.invoke(RequestCode.CHECK_CLIENT_CONFIG, null,
                JsonBodies.encode(new CheckClientRequestBody("client-1", "filtered", sql)));

        assertThat(response.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        assertThat(response.remark()).isEqualTo("SQL92 filtering is not supported by this broker yet");
    }

    @Test
    void tagSubscriptionPassesTheCheck() throws Exception {
        RemotingCommand response = harness.invoke(RequestCode.CHECK_CLIENT_CONFIG, null, JsonBodies.encode(
                new CheckClientRequestBody("client-1", "tagged", SubscriptionData.ofTags("Ledger", "a || b", 1))));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void stockClientLockBodyIsUnderstood() throws Exception {
        String body = "{\"clientId\":\"10.0.0.9@4242\",\"consumerGroup\":\"orderly\",\"mqSet\":[{\"brokerName\":"
                + "\"broker-a\",\"queueId\":1,\"topic\":\"Ledger\"}]}";
        RemotingCommand response = harness.invoke(RequestCode.LOCK_BATCH_MQ, null,
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"lockOKMQSet\":[{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"Ledger\"}]}");
    }
}
