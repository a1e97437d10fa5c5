package io.osprey.mq.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.frame.CommandCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real {@link RemotingServer} with a 1 MiB {@link InFlightBudget}: requests that do not fit are refused busy
 * without being read, or served if they are small control traffic, and whatever happens to a request — answered,
 * failed, never answered, oneway, unknown, rejected, its connection gone before or after its handler — the budget
 * comes back to zero. A leaked byte would, over time, leave a broker refusing every send.
 */
class InFlightAdmissionTest {
    private static final int BUDGET_BYTES = 1 << 20;
    private static final int SEND = RequestCode.OSPREY_RANGE_END - 10;
    private static final int CONTROL = RequestCode.OSPREY_RANGE_END - 11;
    private static final int GATED = RequestCode.OSPREY_RANGE_END - 12;
    private static final int REJECTED = RequestCode.OSPREY_RANGE_END - 13;
    private static final int UNKNOWN = RequestCode.OSPREY_RANGE_END;
    private static final int SEND_BODY_BYTES = 349_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final GatedExecutor gate = new GatedExecutor(pool);
    private final HandlerTable handlers = new HandlerTable();
    /** Held sends by their "n" header; completing one answers it. */
    private final Map<String, CompletableFuture<RemotingCommand>> heldSends = new ConcurrentHashMap<>();
    private final AtomicInteger sendsHandled = new AtomicInteger();
    private final Queue<RemotingChannel> closed = new ConcurrentLinkedQueue<>();
    private Outcome gatedOutcome = Outcome.ANSWERED;
    private RemotingServer server;
    private RemotingClient client;

    /** What the handler behind the gate does. */
    enum Outcome {
        ANSWERED, THROWN, STAGE_FAILED, NO_STAGE, NULL_ANSWER, ONEWAY_ANSWERED, ONEWAY_THROWN
    }

    InFlightAdmissionTest() {
        handlers.register(SEND, (channel, request) -> {
            sendsHandled.incrementAndGet();
            return heldSends.computeIfAbsent(request.extFields().get("n"), n -> new CompletableFuture<>())
                    .thenApply(ignored -> RemotingCommand.success(request, Map.of("n", request.extFields().get("n")),
                            null));
        }, pool, WhenBusy.REFUSE);
        handlers.register(CONTROL, (channel, request) -> CompletableFuture.completedFuture(
                RemotingCommand.success(request, null, null)), pool);
        handlers.register(GATED, (channel, request) -> switch (gatedOutcome) {
            case ANSWERED, ONEWAY_ANSWERED -> CompletableFuture.completedFuture(
                    RemotingCommand.success(request, null, new byte[50_000]));
            case THROWN, ONEWAY_THROWN -> throw new RequestException(ResponseCode.NO_PERMISSION, "thrown");
            case STAGE_FAILED -> CompletableFuture.failedFuture(new IllegalStateException("stage failed"));
            case NO_STAGE -> null;
            case NULL_ANSWER -> CompletableFuture.completedFuture(null);
        }, gate);
        handlers.register(REJECTED, (channel, request) -> {
            throw new AssertionError("never runs");
        }, command -> {
            throw new RejectedExecutionException("full");
        });
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        pool.shutdownNow();
    }

    @Test
    void sendsThatDoNotFitAreRefusedBusyUnreadWhileSmallControlRequestsAreServed() throws Exception {
        start();
        List<CompletableFuture<RemotingCommand>> held = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            held.add(invoke(request(SEND, n, SEND_BODY_BYTES)));
        }
        await().atMost(WAIT).until(() -> heldSends.size() == 3);
        assertThat(server.inFlightBytes()).isGreaterThan(3L * SEND_BODY_BYTES);

        RemotingCommand refused = invoke(request(SEND, 4, SEND_BODY_BYTES)).get();
        assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(refused.remark()).contains("bytes of requests in flight, limit " + BUDGET_BYTES)
                .contains(SEND + " refused unread");
        assertThat(sendsHandled).as("the refused send never reached its handler").hasValue(3);
        assertThat(server.inFlightBytes() + 5_000).as("a small control request does not fit either")
                .isGreaterThan(BUDGET_BYTES);
        assertThat(invoke(request(CONTROL, 0, 5_000)).get().code()).as("small control request").isEqualTo(
                ResponseCode.SUCCESS);
        assertThat(invoke(request(CONTROL, 0, RequestAdmission.CONTROL_FRAME_BYTES)).get().code())
                .as("large control request").isEqualTo(ResponseCode.SYSTEM_BUSY);

        heldSends.values().forEach(send -> send.complete(null));
        for (CompletableFuture<RemotingCommand> response : held) {
            assertThat(response.get().code()).isEqualTo(ResponseCode.SUCCESS);
        }
        awaitBudgetBackToZero();

        CompletableFuture<RemotingCommand> retried = invoke(request(SEND, 5, SEND_BODY_BYTES));
        await().atMost(WAIT).until(() -> heldSends.containsKey("5"));
        heldSends.get("5").complete(null);
        assertThat(retried.get().code()).isEqualTo(ResponseCode.SUCCESS);
        awaitBudgetBackToZero();
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void everyOutcomeOfAHandlerEndsItsLease(Outcome outcome) throws Exception {
        gatedOutcome = outcome;
        start();
        boolean oneway = outcome == Outcome.ONEWAY_ANSWERED || outcome == Outcome.ONEWAY_THROWN;
        RemotingCommand request = request(GATED, 0, 200_000);
        CompletableFuture<RemotingCommand> response = oneway
                ? client.invokeOneway(address(), request).thenApply(sent -> null) : invoke(request);

        await().atMost(WAIT).until(() -> gate.waiting() == 1);
        assertThat(server.inFlightBytes()).as("counted while handled").isGreaterThan(200_000);
        gate.open();

        if (!oneway && outcome != Outcome.NO_STAGE && outcome != Outcome.NULL_ANSWER) {
            assertThat(response.get().code()).isEqualTo(switch (outcome) {
                case ANSWERED -> ResponseCode.SUCCESS;
                case THROWN -> ResponseCode.NO_PERMISSION;
                default -> ResponseCode.SYSTEM_ERROR;
            });
        }
        awaitBudgetBackToZero();
    }

    @Test
    void unknownRejectedAndRefusedAllRequestsEndTheirLeases() throws Exception {
        start();

        assertThat(invoke(request(UNKNOWN, 0, 200_000)).get().code())
                .isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(invoke(request(REJECTED, 0, 200_000)).get().code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        handlers.refuseAll("stopping");
        assertThat(invoke(request(CONTROL, 0, 200_000)).get().code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        client.invokeOneway(address(), request(CONTROL, 0, 200_000)).get();
        handlers.open();
        // the oneway above has been read once this answer, sent after it on the same connection, is back
        assertThat(invoke(request(CONTROL, 0, 10)).get().code()).isEqualTo(ResponseCode.SUCCESS);

        awaitBudgetBackToZero();
    }

    @Test
    void aConnectionThatClosesWhileAFrameArrivesGivesItsBytesBack() throws Exception {
        start();
        byte[] frame = frame(request(SEND, 1, 500_000));
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.sendRaw(Arrays.copyOf(frame, 100_000));
            await().atMost(WAIT).until(() -> server.inFlightBytes() >= frame.length);
        }
        awaitBudgetBackToZero();
        assertThat(sendsHandled).hasValue(0);
    }

    @Test
    void anAnswerReadyAfterItsConnectionClosedStillEndsItsLease() throws Exception {
        start();
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.sendRaw(frame(request(SEND, 1, SEND_BODY_BYTES).withOpaque(1)));
            await().atMost(WAIT).until(() -> heldSends.containsKey("1"));
        }
        await().atMost(WAIT).until(() -> closed.size() == 1);
        assertThat(server.inFlightBytes()).as("a send stays counted until it is answered").isGreaterThan(
                SEND_BODY_BYTES);

        heldSends.get("1").complete(null);

        awaitBudgetBackToZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void start() throws InterruptedException {
        server = new RemotingServer(new ServerOptions("budget-test", "127.0.0.1", 0, 1 << 20, 120, 1, BUDGET_BYTES),
                handlers, new ConnectionListener() {
                    @Override
                    public void onClosed(RemotingChannel channel) {
                        closed.add(channel);
                    }
                });
        server.start();
        client = new RemotingClient(ClientOptions.defaults("budget-test-client"));
    }

    private String address() {
        return "127.0.0.1:" + server.port();
    }

    private CompletableFuture<RemotingCommand> invoke(RemotingCommand request) {
        return client.invoke(address(), request, 10_000);
    }

    private void awaitBudgetBackToZero() {
        await("in-flight bytes back to zero").atMost(WAIT).until(() -> server.inFlightBytes() == 0);
    }

    private static RemotingCommand request(int code, int n, int bodyBytes) {
        return RemotingCommand.request(code, Map.of("n", Integer.toString(n)), new byte[bodyBytes]);
    }

    private static byte[] frame(RemotingCommand command) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            CommandCodec.encode(command, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    /** Holds every task until {@link #open}, so a test can look at the budget while a request is being handled. */
    private static final class GatedExecutor implements Executor {
        private final Executor target;
        private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
        private volatile boolean open;

        GatedExecutor(Executor target) {
            this.target = target;
        }

        @Override
        public void execute(Runnable task) {
            if (open) {
                target.execute(task);
            } else {
                waiting.add(task);
            }
        }

        int waiting() {
            return waiting.size();
        }

        void open() {
            open = true;
            Runnable task;
            while ((task = waiting.poll()) != null) {
                target.execute(task);
            }
        }
    }
}
