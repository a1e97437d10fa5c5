package io.osprey.mq.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.command.SerializeType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real {@link RemotingServer} on 127.0.0.1 (port 0) with a {@link RemotingClient}, or a {@link RawConnection}
 * where the test needs to control the bytes: matching by opaque, oneway, error codes, server-initiated requests,
 * timeouts, connection loss, malformed frames and idle connections.
 */
class RemotingTransportTest {
    private static final int ECHO = RequestCode.OSPREY_RANGE_START;
    private static final int HELD = RequestCode.OSPREY_RANGE_END - 1;
    private static final int NEVER_ANSWERED = RequestCode.OSPREY_RANGE_END - 2;
    private static final int UNKNOWN = RequestCode.OSPREY_RANGE_END;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService handlerPool = Executors.newFixedThreadPool(2);
    private final HandlerTable serverHandlers = new HandlerTable();
    private final BlockingQueue<RemotingChannel> serverConnections = new LinkedBlockingQueue<>();
    private final List<RemotingChannel> serverClosed = new CopyOnWriteArrayList<>();
    /** HELD requests by their "n" header; completing one answers that request with the given extFields. */
    private final Map<String, CompletableFuture<Map<String, String>>> held = new ConcurrentHashMap<>();
    private final BlockingQueue<RemotingCommand> neverAnswered = new LinkedBlockingQueue<>();
    private RemotingServer server;
    private RemotingClient client;

    RemotingTransportTest() {
        serverHandlers.register(ECHO, (channel, request) -> CompletableFuture.completedFuture(
                RemotingCommand.success(request, request.extFields(), request.body())), handlerPool);
        serverHandlers.register(HELD, (channel, request) -> held.computeIfAbsent(request.extFields().get("n"),
                n -> new CompletableFuture<>()).thenApply(ext -> RemotingCommand.success(request, ext, null)),
                handlerPool);
        serverHandlers.register(NEVER_ANSWERED, (channel, request) -> {
            neverAnswered.add(request);
            return new CompletableFuture<>();
        }, handlerPool);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        handlerPool.shutdownNow();
    }

    // ---- request / response ----------------------------------------------------------------------------------

    @Test
    void matchesPipelinedResponsesAnsweredOutOfOrder() {
        startServer(120);
        List<CompletableFuture<RemotingCommand>> responses = List.of(
                client().invoke(address(), request(HELD, "n", "1"), 10_000),
                client().invoke(address(), request(HELD, "n", "2"), 10_000),
                client().invoke(address(), request(HELD, "n", "3"), 10_000));
        await().atMost(WAIT).until(() -> held.size() == 3);

        for (String n : List.of("3", "1", "2")) {
            held.get(n).complete(Map.of("answer", n));
        }

        for (int i = 0; i < 3; i++) {
            RemotingCommand response = responses.get(i).join();
            assertThat(response.isResponse()).isTrue();
            assertThat(response.extFields()).containsEntry("answer", String.valueOf(i + 1));
        }
    }

    @Test
    void answersOnTheRequestsOpaque() throws Exception {
        startServer(120);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(ECHO, "k", "v").withOpaque(-5));
            raw.send(request(ECHO, "k", "w").withOpaque(Integer.MAX_VALUE));

            RemotingCommand first = raw.receive();
            RemotingCommand second = raw.receive();

            assertThat(Map.of(first.opaque(), first.extFields().get("k"), second.opaque(), second.extFields().get("k")))
                    .isEqualTo(Map.of(-5, "v", Integer.MAX_VALUE, "w"));
            assertThat(first.flag()).isEqualTo(RemotingCommand.FLAG_RESPONSE);
            assertThat(second.flag()).isEqualTo(RemotingCommand.FLAG_RESPONSE);
        }
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void answersInTheRequestsSerializeType(SerializeType type) throws Exception {
        startServer(120);
        RemotingCommand request = request(ECHO, "topic", "T1").withSerializeType(type);

        RemotingCommand viaClient = client().invoke(address(), request, 10_000).join();
        RemotingCommand viaRaw;
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request.withOpaque(11));
            viaRaw = raw.receive();
        }
        RemotingCommand unsupported;
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(UNKNOWN, "topic", "T1").withSerializeType(type).withOpaque(12));
            unsupported = raw.receive();
        }

        assertThat(viaClient.serializeType()).isEqualTo(type);
        assertThat(viaClient.extFields()).containsEntry("topic", "T1");
        assertThat(viaRaw.serializeType()).isEqualTo(type);
        assertThat(viaRaw.opaque()).isEqualTo(11);
        assertThat(unsupported.serializeType()).isEqualTo(type);
        assertThat(unsupported.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    }

    @Test
    void carriesBodyAndHeaderBothWays() {
        startServer(120);
        byte[] body = "{\"clientID\":\"c@1\"}".getBytes(StandardCharsets.UTF_8);

        RemotingCommand response = client().invoke(address(),
                RemotingCommand.request(ECHO, Map.of("consumerGroup", "cg", "queueId", "3"), body), 10_000).join();

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.extFields()).containsExactlyInAnyOrderEntriesOf(Map.of("consumerGroup", "cg", "queueId", "3"));
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.language()).isEqualTo(LanguageCode.JAVA);
    }

    // ---- oneway ----------------------------------------------------------------------------------------------

    @Test
    void neverAnswersOnewayRequests() throws Exception {
        AtomicInteger onewayCalls = new AtomicInteger();
        serverHandlers.register(RequestCode.UPDATE_CONSUMER_OFFSET, (channel, request) -> {
            onewayCalls.incrementAndGet();
            return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
        }, handlerPool);
        serverHandlers.register(RequestCode.END_TRANSACTION, (channel, request) -> {
            onewayCalls.incrementAndGet();
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "fails, but nobody is told");
        }, handlerPool);
        startServer(120);

        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(RequestCode.UPDATE_CONSUMER_OFFSET, "commitOffset", "6").withOpaque(1).asOneway());
            raw.send(request(RequestCode.END_TRANSACTION, "commitOrRollback", "8").withOpaque(2).asOneway());
            await().atMost(WAIT).until(() -> onewayCalls.get() == 2);
            // the handlers have returned, so any reply to them would already be on the wire before this one's
            raw.send(request(ECHO, "k", "v").withOpaque(3));

            assertThat(raw.receive().opaque()).isEqualTo(3);
        }
    }

    @Test
    void clientOnewayReachesTheHandler() {
        BlockingQueue<RemotingCommand> received = new LinkedBlockingQueue<>();
        serverHandlers.register(RequestCode.UPDATE_CONSUMER_OFFSET, (channel, request) -> {
            received.add(request);
            return null;
        }, handlerPool);
        startServer(120);

        client().invokeOneway(address(), request(RequestCode.UPDATE_CONSUMER_OFFSET, "commitOffset", "6")).join();

        await().atMost(WAIT).until(() -> !received.isEmpty());
        RemotingCommand request = received.poll();
        assertThat(request.isOneway()).isTrue();
        assertThat(request.extFields()).containsEntry("commitOffset", "6");
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    @Test
    void answersUnknownRequestCodeNotSupportedOnTheSameOpaque() throws Exception {
        startServer(120);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(UNKNOWN, "k", "v").withOpaque(77));

            RemotingCommand response = raw.receive();

            assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            assertThat(response.opaque()).isEqualTo(77);
            assertThat(response.isResponse()).isTrue();
            assertThat(response.remark()).contains(String.valueOf(UNKNOWN));
        }
    }

    /** As the stock broker does, and as the reference (§3) says clients expect: they drop the unmatched reply. */
    @Test
    void answersUnknownOnewayRequestCodeNotSupportedToo() throws Exception {
        startServer(120);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(request(UNKNOWN, "k", "v").withOpaque(78).asOneway());

            RemotingCommand response = raw.receive();

            assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            assertThat(response.opaque()).isEqualTo(78);
        }
    }

    @Test
    void answersThrownRequestExceptionWithItsCodeAndRemark() {
        serverHandlers.register(RequestCode.QUERY_CONSUMER_OFFSET, (channel, request) -> {
            throw new RequestException(ResponseCode.QUERY_NOT_FOUND, "no offset for cg on T1:0");
        }, handlerPool);
        startServer(120);

        RemotingCommand response = client().invoke(address(),
                request(RequestCode.QUERY_CONSUMER_OFFSET, "consumerGroup", "cg"), 10_000).join();

        assertThat(response.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(response.remark()).isEqualTo("no offset for cg on T1:0");
        assertThat(response.isResponse()).isTrue();
    }

    @Test
    void answersFailedResponseStageWithTheRequestExceptionsCodeAndRemark() {
        serverHandlers.register(RequestCode.SEND_MESSAGE_V2, (channel, request) -> CompletableFuture
                .supplyAsync(() -> {
                    throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "body of 5 MiB exceeds 4 MiB");
                }, handlerPool), handlerPool);
        startServer(120);

        RemotingCommand response = client().invoke(address(), request(RequestCode.SEND_MESSAGE_V2, "b", "T1"),
                10_000).join();

        assertThat(response.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(response.remark()).isEqualTo("body of 5 MiB exceeds 4 MiB");
    }

    @Test
    void answersOtherHandlerFailuresWithSystemError() {
        serverHandlers.register(RequestCode.GET_MAX_OFFSET, (channel, request) -> {
            throw new IllegalStateException("store closed");
        }, handlerPool);
        startServer(120);

        RemotingCommand response = client().invoke(address(), request(RequestCode.GET_MAX_OFFSET, "topic", "T1"),
                10_000).join();

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo("store closed");
    }

    @Test
    void answersSystemBusyWhenTheHandlersExecutorRejects() {
        serverHandlers.register(RequestCode.PULL_MESSAGE, (channel, request) -> {
            throw new AssertionError("must not run");
        }, command -> {
            throw new RejectedExecutionException("queue full");
        });
        startServer(120);

        RemotingCommand response = client().invoke(address(), request(RequestCode.PULL_MESSAGE, "topic", "T1"),
                10_000).join();

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(response.remark()).contains("PULL_MESSAGE");
    }

    // ---- server-initiated requests ---------------------------------------------------------------------------

    @Test
    void serverInvokesTheClientOverTheClientsOwnConnection() throws Exception {
        startServer(120);
        HandlerTable clientHandlers = new HandlerTable();
        BlockingQueue<RemotingCommand> notified = new LinkedBlockingQueue<>();
        clientHandlers.register(RequestCode.GET_CONSUMER_RUNNING_INFO, (channel, request) ->
                CompletableFuture.completedFuture(RemotingCommand.success(request, null,
                        ("{\"group\":\"" + request.extFields().get("consumerGroup") + "\"}")
                                .getBytes(StandardCharsets.UTF_8))), handlerPool);
        clientHandlers.register(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (channel, request) -> {
            notified.add(request);
            return null;
        }, handlerPool);
        client = new RemotingClient(ClientOptions.defaults("test"), clientHandlers, ConnectionListener.NONE);
        client.invoke(address(), request(ECHO, "k", "v"), 10_000).join();
        RemotingChannel toClient = serverConnections.poll(10, TimeUnit.SECONDS);

        RemotingCommand info = toClient.invoke(request(RequestCode.GET_CONSUMER_RUNNING_INFO, "consumerGroup", "cg"),
                10_000).join();
        toClient.sendOneway(request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, "consumerGroup", "cg")).join();
        RemotingCommand unsupported = toClient.invoke(request(UNKNOWN, "k", "v"), 10_000).join();

        assertThat(info.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(new String(info.body(), StandardCharsets.UTF_8)).isEqualTo("{\"group\":\"cg\"}");
        await().atMost(WAIT).until(() -> !notified.isEmpty());
        assertThat(notified.poll().extFields()).containsEntry("consumerGroup", "cg");
        assertThat(unsupported.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    }

    // ---- timeouts and connection loss ------------------------------------------------------------------------

    @Test
    void failsWithRemotingTimeoutExceptionWhenNoResponseArrives() {
        startServer(120);

        CompletableFuture<RemotingCommand> response = client().invoke(address(), request(NEVER_ANSWERED, "k", "v"),
                200);

        assertThat(response).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOf(RemotingTimeoutException.class).withMessageContaining("200 ms");
    }

    @Test
    void dropsALateResponseAndKeepsTheConnectionUsable() {
        startServer(120);
        CompletableFuture<RemotingCommand> late = client().invoke(address(), request(HELD, "n", "late"), 200);
        assertThat(late).failsWithin(WAIT);
        await().atMost(WAIT).until(() -> held.containsKey("late"));

        held.get("late").complete(Map.of("answer", "too late"));

        assertThat(client().invoke(address(), request(ECHO, "k", "after"), 10_000).join().extFields())
                .containsEntry("k", "after");
    }

    @Test
    void failsInFlightRequestsWhenTheServerClosesTheConnection() throws Exception {
        startServer(120);
        CompletableFuture<RemotingCommand> first = client().invoke(address(), request(NEVER_ANSWERED, "n", "1"), 60_000);
        CompletableFuture<RemotingCommand> second = client().invoke(address(), request(NEVER_ANSWERED, "n", "2"), 60_000);
        await().atMost(WAIT).until(() -> neverAnswered.size() == 2);

        serverConnections.poll(10, TimeUnit.SECONDS).close().join();

        for (CompletableFuture<RemotingCommand> response : List.of(first, second)) {
            assertThat(response).failsWithin(WAIT).withThrowableThat().havingCause()
                    .isInstanceOf(RemotingConnectException.class);
        }
        // the next call reconnects
        assertThat(client().invoke(address(), request(ECHO, "k", "again"), 10_000).join().extFields())
                .containsEntry("k", "again");
    }

    @Test
    void failsServerInitiatedRequestWhenTheClientGoesAway() throws Exception {
        startServer(120);
        HandlerTable clientHandlers = new HandlerTable();
        clientHandlers.register(RequestCode.GET_CONSUMER_RUNNING_INFO, (channel, request) -> new CompletableFuture<>(),
                handlerPool);
        client = new RemotingClient(ClientOptions.defaults("test"), clientHandlers, ConnectionListener.NONE);
        client.invoke(address(), request(ECHO, "k", "v"), 10_000).join();
        RemotingChannel toClient = serverConnections.poll(10, TimeUnit.SECONDS);
        CompletableFuture<RemotingCommand> info = toClient.invoke(
                request(RequestCode.GET_CONSUMER_RUNNING_INFO, "consumerGroup", "cg"), 60_000);

        client.close();
        client = null;

        assertThat(info).failsWithin(WAIT).withThrowableThat().havingCause()
                .isInstanceOf(RemotingConnectException.class);
    }

    @Test
    void closesOnlyTheConnectionThatSentAMalformedFrame() throws Exception {
        startServer(120);
        client().invoke(address(), request(ECHO, "k", "before"), 10_000).join();
        RemotingChannel healthy = serverConnections.poll(10, TimeUnit.SECONDS);

        try (RawConnection raw = new RawConnection(server.port())) {
            RemotingChannel garbageSender = serverConnections.poll(10, TimeUnit.SECONDS);
            // a sane length, then a serialize type byte of 0x47 ('G'): "GET / HTTP/1.1"
            raw.sendRaw("\u0000\u0000\u0000\u0010GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(raw.closedByServer()).isTrue();
            await().atMost(WAIT).until(() -> serverClosed.contains(garbageSender));
        }

        assertThat(client().invoke(address(), request(ECHO, "k", "after"), 10_000).join().extFields())
                .containsEntry("k", "after");
        assertThat(healthy.isActive()).isTrue();
        assertThat(serverClosed).doesNotContain(healthy);
    }

    @Test
    void closesAConnectionThatSendsAnOversizedFrame() throws Exception {
        startServer(120);
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.sendRaw(new byte[] {0x00, 0x20, 0x00, 0x00}); // 2 MiB, over this server's 1 MiB

            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void closesAConnectionIdleForChannelIdleSeconds() throws Exception {
        startServer(1);
        try (RawConnection idle = new RawConnection(server.port())) {
            RemotingChannel serverSide = serverConnections.poll(10, TimeUnit.SECONDS);

            assertThat(idle.closedByServer()).isTrue();
            await().atMost(WAIT).until(() -> serverClosed.contains(serverSide));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void startServer(int channelIdleSeconds) {
        server = new RemotingServer(new ServerOptions("test", "127.0.0.1", 0, 1024 * 1024, channelIdleSeconds, 1,
                64 << 20),
                serverHandlers, new ConnectionListener() {
                    @Override
                    public void onConnected(RemotingChannel channel) {
                        serverConnections.add(channel);
                    }

                    @Override
                    public void onClosed(RemotingChannel channel) {
                        serverClosed.add(channel);
                    }
                });
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RemotingClient client() {
        if (client == null) {
            client = new RemotingClient(ClientOptions.defaults("test"));
        }
        return client;
    }

    private String address() {
        return "127.0.0.1:" + server.port();
    }

    private static RemotingCommand request(int code, String key, String value) {
        return RemotingCommand.request(code, Map.of(key, value), null);
    }
}
