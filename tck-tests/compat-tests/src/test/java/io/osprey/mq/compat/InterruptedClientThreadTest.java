package io.osprey.mq.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.compat.support.Clients;
import io.osprey.mq.compat.support.MessageBodies;
import io.osprey.mq.compat.support.Names;
import io.osprey.mq.compat.support.SharedClusterTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stock client's side of issue 6: {@code DefaultLitePullConsumer.seek()} interrupts the thread that last ran
 * the queue's pull task. When that thread is not blocked at that moment, its next request meets the interrupt.
 * A 4.9 client throws {@link InterruptedException} and keeps the connection; a 5.x client fails the request
 * with {@code RemotingSendRequestException}, treats the connection as broken and closes it, so every other
 * request in flight on it (another seek's GET_MIN_OFFSET/GET_MAX_OFFSET, a held pull) fails with
 * "send request to &lt;broker&gt; failed" although the broker answered or holds it correctly and closed nothing.
 * The same happens with Apache RocketMQ's broker. This test reproduces that condition on purpose: a held pull in
 * flight, then a request from an interrupted thread on the same connection.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class InterruptedClientThreadTest extends SharedClusterTest {
    private static final int PULL_MESSAGE = 11;
    private static final int GET_MAX_OFFSET = 30;
    private static final long HOLD_MILLIS = 30_000;

    private NettyRemotingClient remoting;

    @BeforeEach
    void startRemotingClient() {
        remoting = new NettyRemotingClient(new NettyClientConfig());
        remoting.start();
    }

    @AfterEach
    void stopRemotingClient() {
        remoting.shutdown();
    }

    @Test
    void aRequestFromAnInterruptedThreadClosesA5xClientsConnectionAndFailsTheHeldPullOnIt() throws Exception {
        String topic = Names.unique("interrupted");
        clients.createTopic(cluster.brokerAddr(), topic, 1);
        int heldBefore = cluster.heldPulls();
        CompletableFuture<RemotingCommand> heldPull = CompletableFuture.supplyAsync(() -> {
            try {
                return remoting.invokeSync(cluster.brokerAddr(), heldPullRequest(topic), HOLD_MILLIS + 10_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("pull held by the broker").atMost(Duration.ofSeconds(10)).until(() -> cluster.heldPulls() > heldBefore);

        Throwable interrupted;
        Thread.currentThread().interrupt();
        try {
            interrupted = catchThrowable(() -> remoting.invokeSync(cluster.brokerAddr(), maxOffsetRequest(topic),
                    3_000));
        } finally {
            Thread.interrupted();
        }

        if (Clients.isClient4()) {
            assertThat(interrupted).isInstanceOf(InterruptedException.class);
            assertThat(heldPull).isNotDone();
            DefaultMQProducer producer = clients.producer();
            assertThat(producer.send(new Message(topic, "t", "k", MessageBodies.forKey("k", 100)),
                    new MessageQueue(topic, cluster.brokerName(), 0)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(heldPull.get(10, TimeUnit.SECONDS).getCode()).as("held pull answered on the same connection")
                    .isEqualTo(0);
        } else {
            assertThat(interrupted).isInstanceOf(RemotingSendRequestException.class)
                    .hasRootCauseInstanceOf(InterruptedException.class);
            // failed by the client's own close, long before the broker would answer the held pull
            await("held pull failed by the client's own close").atMost(Duration.ofSeconds(10))
                    .until(heldPull::isDone);
            assertThat(causes(catchThrowable(heldPull::join)))
                    .anySatisfy(cause -> assertThat(cause).isInstanceOf(RemotingSendRequestException.class)
                            .hasMessageContaining("send request to").hasMessageContaining("failed"));
        }
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    /** PULL_MESSAGE at offset 0 of an empty queue, suspend and subscription flags set: the broker holds it. */
    private static RemotingCommand heldPullRequest(String topic) {
        RemotingCommand request = RemotingCommand.createRequestCommand(PULL_MESSAGE, null);
        request.addExtField("consumerGroup", Names.unique("held_g"));
        request.addExtField("topic", topic);
        request.addExtField("queueId", "0");
        request.addExtField("queueOffset", "0");
        request.addExtField("maxMsgNums", "32");
        request.addExtField("sysFlag", "6");
        request.addExtField("commitOffset", "0");
        request.addExtField("suspendTimeoutMillis", Long.toString(HOLD_MILLIS));
        request.addExtField("subscription", "*");
        request.addExtField("subVersion", "0");
        request.addExtField("expressionType", "TAG");
        return request;
    }

    private static RemotingCommand maxOffsetRequest(String topic) {
        RemotingCommand request = RemotingCommand.createRequestCommand(GET_MAX_OFFSET, null);
        request.addExtField("topic", topic);
        request.addExtField("queueId", "0");
        return request;
    }
}
