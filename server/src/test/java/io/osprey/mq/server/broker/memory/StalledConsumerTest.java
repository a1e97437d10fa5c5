package io.osprey.mq.server.broker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.osprey.mq.protocol.body.KVTable;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.frame.CommandCodec;
import io.osprey.mq.server.broker.TestBroker;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer that queues hundreds of pulls of 200 KiB answers and does not read them, against an in-JVM broker:
 * once its connection is past the high water mark its pulls wait without reading the store, so the answers read
 * for it and the bytes held for it stay bounded, and everything held for it comes back when it goes away.
 */
class StalledConsumerTest {
    private static final String TOPIC = "Wide";
    private static final int MESSAGES = 20;
    private static final int MESSAGE_BYTES = 200 * 1024;
    private static final int PULLS = 300;

    @TempDir
    Path dataDir;
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dataDir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void pullsOfAConsumerThatStoppedReadingWaitForItAndTheirBytesComeBackWhenItLeaves() throws Exception {
        broker.createTopic(TOPIC, 1);
        String body = "x".repeat(MESSAGE_BYTES);
        for (int i = 0; i < MESSAGES; i++) {
            broker.send(TOPIC, 0, body);
        }
        broker.awaitDispatched(TOPIC, 0, MESSAGES);
        long deliveredBefore = delivered();

        try (Socket consumer = new Socket()) {
            consumer.setReceiveBufferSize(64 * 1024);
            consumer.connect(new InetSocketAddress("127.0.0.1", broker.broker().port()));
            sendPulls(consumer.getOutputStream());

            // until the broker stops answering: no pull delivered anything for a second
            AtomicLong last = new AtomicLong(-1);
            await("the broker stops answering").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        long now = delivered();
                        return now > deliveredBefore && now == last.getAndSet(now);
                    });

            // all answered would be 300 x 200 KiB = 60 MiB queued for a socket nobody reads; the kernel's buffers,
            // the 4 MiB high water mark and the few pulls racing it hold about 45 answers
            assertThat(delivered() - deliveredBefore).as("answers read for the consumer").isLessThan(PULLS / 2);
            assertThat(broker.broker().inFlightBytes()).as("bytes held for it")
                    .isLessThan((4 << 20) + 8L * (MESSAGE_BYTES + 1024));
        }

        await("in-flight bytes back to zero").atMost(Duration.ofSeconds(10))
                .until(() -> broker.broker().inFlightBytes() == 0);
        assertThat(broker.pull("after", TOPIC, 0, 0).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static void sendPulls(OutputStream out) throws Exception {
        ByteBuf frames = Unpooled.buffer();
        try {
            for (int i = 0; i < PULLS; i++) {
                Map<String, String> header = new HashMap<>();
                header.put("consumerGroup", "stalled");
                header.put("topic", TOPIC);
                header.put("queueId", "0");
                header.put("queueOffset", Integer.toString(i % MESSAGES));
                header.put("maxMsgNums", "1");
                header.put("sysFlag", "4");
                header.put("commitOffset", "0");
                header.put("suspendTimeoutMillis", "0");
                header.put("subscription", "*");
                header.put("subVersion", "0");
                header.put("expressionType", "TAG");
                CommandCodec.encode(RemotingCommand.request(RequestCode.PULL_MESSAGE, header, null).withOpaque(i),
                        frames);
            }
            byte[] bytes = new byte[frames.readableBytes()];
            frames.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            frames.release();
        }
    }

    /** Messages the broker has delivered by pulls so far (GET_BROKER_RUNTIME_INFO's msgGetTotalTodayNow). */
    private long delivered() throws Exception {
        KVTable info = broker.body(RequestCode.GET_BROKER_RUNTIME_INFO, Map.of(), KVTable.class);
        return Long.parseLong(info.table().get("msgGetTotalTodayNow"));
    }
}
