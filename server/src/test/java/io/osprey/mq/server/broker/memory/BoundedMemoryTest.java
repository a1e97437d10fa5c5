package io.osprey.mq.server.broker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.osprey.mq.protocol.body.HeartbeatData;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.frame.CommandCodec;
import io.osprey.mq.protocol.header.PullMessageRequestHeader;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageRecordCodec;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.broker.TestBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, bounded memory, from outside: a broker in a child JVM with a 256 MiB heap and its default in-flight
 * budget, 50 connections each sending 4 MiB messages as fast as their window of two allows, and one consumer
 * connection that queues thousands of long-polling pulls on the same topic and never reads its socket (every pull
 * it woke would answer 4 MiB). The broker must neither run out of memory nor stop serving: producers beyond the
 * budget get SYSTEM_BUSY at once, other clients' heartbeats and pulls get through meanwhile, every acknowledged
 * message is stored intact (and no refused one is), and a plain client round trip works at the end.
 */
class BoundedMemoryTest {
    private static final int PRODUCERS = 50;
    private static final int WINDOW = 2;
    private static final int BODY_BYTES = 4 * 1024 * 1024;
    private static final int QUEUES = 4;
    private static final int TARGET_ACKNOWLEDGED = 100;
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(40);
    private static final int STALLED_PULLS = 2_000;
    private static final long SEND_TIMEOUT_MILLIS = 30_000;
    private static final String TOPIC = "BigMessages";
    private static final String QUIET = "Quiet";

    @TempDir
    Path dir;

    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();
    private final Set<String> busyRemarks = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

    @Test
    void aSmallHeapBrokerSurvivesFiftyProducersOfFourMebibyteMessagesAndAConsumerThatNeverReads() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("namesrvAddr", "");
        config.put("listenAddress", "127.0.0.1");
        config.put("listenPort", "0");
        config.put("brokerIP1", "127.0.0.1");
        config.put("storePathRootDir", dir.resolve("store").toString());
        try (ChildBroker broker = ChildBroker.start(dir.resolve("broker.log"), "256m", config);
             RemotingClient admin = new RemotingClient(ClientOptions.defaults("memory-admin"))) {
            invokeOk(admin, broker, RequestCode.UPDATE_AND_CREATE_TOPIC, TestBroker.topicHeader(TOPIC, QUEUES), null);
            invokeOk(admin, broker, RequestCode.UPDATE_AND_CREATE_TOPIC, TestBroker.topicHeader(QUIET, 1), null);

            try (Socket stalled = stalledConsumer(broker)) {
                loadAndCheck(broker, admin, stalled);
            } catch (Exception | AssertionError e) {
                e.addSuppressed(new AssertionError("broker log, last lines:\n" + tail(broker)));
                throw e;
            }
            assertThat(broker.isAlive()).isTrue();
            assertThat(broker.output()).doesNotContain("OutOfMemoryError");
        }
    }

    /** The load, then the checks; {@code stalled} stays open and unread throughout. */
    private void loadAndCheck(ChildBroker broker, RemotingClient admin, Socket stalled) throws Exception {
        load(broker, admin);
        System.out.printf("bounded memory: %d sends acknowledged, %d refused as busy%n", acknowledged.size(),
                refused.size());

        assertThat(broker.isAlive()).as("broker alive after the load").isTrue();
        assertThat(broker.output()).doesNotContain("OutOfMemoryError");
        assertThat(unexpected).as("answers other than SUCCESS and SYSTEM_BUSY").isEmpty();
        assertThat(refused).as("sends answered SYSTEM_BUSY").isNotEmpty();
        assertThat(busyRemarks).allSatisfy(remark -> assertThat(remark).contains("in flight"));
        assertThat(acknowledged).as("acknowledged sends").isNotEmpty();

        Set<Long> stored = readBackAndCheckBodies(admin, broker);
        assertThat(stored).as("refused sends stored").doesNotContainAnyElementsOf(refused);
        assertThat(stored).as("stored messages = acknowledged sends").isEqualTo(acknowledged);

        roundTrip(broker);
        assertThat(stalled.isClosed()).isFalse();
    }

    // ---- the load ----------------------------------------------------------------------------------------------

    private void load(ChildBroker broker, RemotingClient control) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS);
        List<RemotingClient> clients = new ArrayList<>();
        try {
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                RemotingClient client = new RemotingClient(ClientOptions.defaults("memory-producer-" + p));
                clients.add(client);
                int producer = p;
                producers.add(threads.submit(() -> produce(client, broker.address(), producer, stop)));
            }
            // while the budget is exhausted, the control traffic of other clients must still be served
            await("a send refused as busy").atMost(LOAD_LIMIT).until(() -> !refused.isEmpty() || !unexpected.isEmpty());
            heartbeatAndPullGetThrough(control, broker);

            await("acknowledged sends").atMost(LOAD_LIMIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> acknowledged.size() >= TARGET_ACKNOWLEDGED || !unexpected.isEmpty()
                            || !broker.isAlive());
            stop.set(true);
            for (Future<?> producer : producers) {
                producer.get(SEND_TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
            }
        } finally {
            stop.set(true);
            threads.shutdownNow();
            clients.forEach(RemotingClient::close);
        }
    }

    /** Sends until told to stop, with {@link #WINDOW} sends outstanding; returns once all were answered. */
    private Void produce(RemotingClient client, String address, int producer, AtomicBoolean stop) throws Exception {
        Semaphore window = new Semaphore(WINDOW);
        for (int seq = 0; !stop.get(); seq++) {
            window.acquire();
            if (stop.get()) {
                window.release();
                break;
            }
            long id = id(producer, seq);
            RemotingCommand request = sendRequest(producer, seq);
            client.invoke(address, request, SEND_TIMEOUT_MILLIS).whenComplete((response, failure) -> {
                if (failure != null) {
                    unexpected.add("send " + Long.toHexString(id) + " failed: " + failure);
                } else if (response.code() == ResponseCode.SUCCESS) {
                    acknowledged.add(id);
                } else if (response.code() == ResponseCode.SYSTEM_BUSY) {
                    refused.add(id);
                    if (busyRemarks.size() < 5) {
                        busyRemarks.add(response.remark());
                    }
                } else {
                    unexpected.add("send " + Long.toHexString(id) + ": " + ResponseCode.name(response.code()) + " "
                            + response.remark());
                }
                window.release();
            });
        }
        window.acquire(WINDOW);
        return null;
    }

    private void heartbeatAndPullGetThrough(RemotingClient control, ChildBroker broker) throws Exception {
        HeartbeatData.ConsumerData consumer = new HeartbeatData.ConsumerData("quiet-group", "CONSUME_PASSIVELY",
                "CLUSTERING", "CONSUME_FROM_LAST_OFFSET", Set.of(), false);
        invokeOk(control, broker, RequestCode.HEART_BEAT, null,
                JsonBodies.encode(new HeartbeatData("control-client", Set.of(), Set.of(consumer), null, null)));
        RemotingCommand pull = invoke(control, broker, RequestCode.PULL_MESSAGE,
                pullHeader("quiet-group", QUIET, 0, 0, false), null);
        assertThat(pull.code()).as(pull.remark()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
    }

    /**
     * A consumer that asks for every queue of the big topic, thousands of times over with long polling, and never
     * reads: its receive buffer is small, so the broker's answers back up at once.
     */
    private static Socket stalledConsumer(ChildBroker broker) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(64 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(broker.address().split(":")[1])));
        OutputStream out = socket.getOutputStream();
        ByteBuf frames = Unpooled.buffer();
        try {
            for (int i = 0; i < STALLED_PULLS; i++) {
                CommandCodec.encode(RemotingCommand.request(RequestCode.PULL_MESSAGE,
                        pullHeader("stalled-group", TOPIC, i % QUEUES, 0, true), null).withOpaque(i), frames);
            }
            byte[] bytes = new byte[frames.readableBytes()];
            frames.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            frames.release();
        }
        return socket;
    }

    // ---- checks ------------------------------------------------------------------------------------------------

    /** Pulls every queue of the big topic from 0, checks each body against its id, and answers the ids. */
    private static Set<Long> readBackAndCheckBodies(RemotingClient reader, ChildBroker broker) throws Exception {
        Set<Long> stored = new HashSet<>();
        for (int queue = 0; queue < QUEUES; queue++) {
            long offset = 0;
            while (true) {
                RemotingCommand response = invoke(reader, broker, RequestCode.PULL_MESSAGE,
                        pullHeader("reader-group", TOPIC, queue, offset, false), null);
                if (response.code() == ResponseCode.PULL_NOT_FOUND) {
                    break;
                }
                assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
                for (MessageRecord record : MessageRecordCodec.decodeAll(response.body())) {
                    long id = ByteBuffer.wrap(record.body()).getLong();
                    assertThat(record.body()).as("body of message %s", Long.toHexString(id))
                            .isEqualTo(body(id));
                    assertThat(stored.add(id)).as("message %s stored once", Long.toHexString(id)).isTrue();
                }
                offset = Long.parseLong(response.extFields().get("nextBeginOffset"));
            }
        }
        return stored;
    }

    /** A fresh client sends a small message and pulls it back. */
    private static void roundTrip(ChildBroker broker) throws Exception {
        try (RemotingClient client = new RemotingClient(ClientOptions.defaults("memory-after"))) {
            SendMessageRequestHeader header = new SendMessageRequestHeader("after-group", QUIET, "TBW102", 1, 0, 0,
                    System.currentTimeMillis(), 0, MessageProperties.encode(Map.of()), 0, false, null, false);
            invokeOk(client, broker, RequestCode.SEND_MESSAGE, header.toExtFields(),
                    "still serving".getBytes(StandardCharsets.UTF_8));
            // acknowledged before the consume queue has it: a hold answers as soon as it does
            RemotingCommand pull = client.invoke(broker.address(), RemotingCommand.request(RequestCode.PULL_MESSAGE,
                    pullHeader("after-group", QUIET, 0, 0, true), null), 40_000).get(45, TimeUnit.SECONDS);
            assertThat(pull.code()).as(pull.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(MessageRecordCodec.decodeAll(pull.body())).extracting(r -> new String(r.body(),
                    StandardCharsets.UTF_8)).containsExactly("still serving");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static long id(int producer, int seq) {
        return (long) producer << 32 | seq;
    }

    /** 4 MiB: the id, then bytes derived from it, so a torn, mixed or shifted body cannot pass for another. */
    private static byte[] body(long id) {
        byte[] body = new byte[BODY_BYTES];
        ByteBuffer.wrap(body).putLong(id);
        int seed = Long.hashCode(id * 0x9E3779B97F4A7C15L);
        for (int i = Long.BYTES; i < body.length; i++) {
            body[i] = (byte) (seed + i * 31 + (i >>> 13));
        }
        return body;
    }

    private static RemotingCommand sendRequest(int producer, int seq) {
        SendMessageRequestHeader header = new SendMessageRequestHeader("memory-producers", TOPIC, "TBW102", QUEUES,
                producer % QUEUES, 0, System.currentTimeMillis(), 0,
                MessageProperties.encode(Map.of("KEYS", producer + "-" + seq)), 0, false, null, false);
        return RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(), body(id(producer, seq)));
    }

    private static Map<String, String> pullHeader(String group, String topic, int queueId, long offset, boolean hold) {
        Map<String, String> header = new HashMap<>();
        header.put("consumerGroup", group);
        header.put("topic", topic);
        header.put("queueId", Integer.toString(queueId));
        header.put("queueOffset", Long.toString(offset));
        header.put("maxMsgNums", "32");
        int sysFlag = PullMessageRequestHeader.FLAG_SUBSCRIPTION | (hold ? PullMessageRequestHeader.FLAG_SUSPEND : 0);
        header.put("sysFlag", Integer.toString(sysFlag));
        header.put("commitOffset", "0");
        header.put("suspendTimeoutMillis", hold ? "30000" : "0");
        header.put("subscription", "*");
        header.put("subVersion", "0");
        header.put("expressionType", "TAG");
        return header;
    }

    private static RemotingCommand invoke(RemotingClient client, ChildBroker broker, int code,
                                          Map<String, String> header, byte[] body) throws Exception {
        return client.invoke(broker.address(), RemotingCommand.request(code, header, body), 10_000)
                .get(15, TimeUnit.SECONDS);
    }

    private static void invokeOk(RemotingClient client, ChildBroker broker, int code, Map<String, String> header,
                                 byte[] body) throws Exception {
        RemotingCommand response = invoke(client, broker, code, header, body);
        assertThat(response.code()).as("%s: %s", RequestCode.name(code), response.remark())
                .isEqualTo(ResponseCode.SUCCESS);
    }

    private static String tail(ChildBroker broker) {
        String output = broker.output();
        return output.substring(Math.max(0, output.length() - 6_000));
    }
}
