package io.osprey.mq.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.frame.CommandCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A peer that sends requests but does not read the answers: the server stops reading it once its output is past
 * the high water mark, so what is queued for it stays bounded; it reads again, and every request is answered, once
 * the peer reads; {@link RemotingChannel#whenWritable} actions wait for that (or for the close); and a peer that
 * stays that way for the idle time is closed with a warning.
 */
class UnreadResponsesTest {
    private static final int ECHO = RequestCode.OSPREY_RANGE_END - 20;
    private static final int REQUESTS = 200;
    private static final int BODY_BYTES = 256 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final HandlerTable handlers = new HandlerTable();
    private final AtomicInteger handled = new AtomicInteger();
    private final BlockingQueue<RemotingChannel> connected = new LinkedBlockingQueue<>();
    private final BlockingQueue<RemotingChannel> closed = new LinkedBlockingQueue<>();
    private RemotingServer server;

    UnreadResponsesTest() {
        handlers.register(ECHO, (channel, request) -> {
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(RemotingCommand.success(request, null, request.body()));
        }, pool);
    }

    @AfterEach
    void stop() {
        writer.shutdownNow();
        if (server != null) {
            server.close();
        }
        pool.shutdownNow();
    }

    @Test
    void stopsReadingAPeerThatDoesNotReadItsAnswersAndServesItAllOnceItDoes() throws Exception {
        start(120);
        try (RawConnection peer = new RawConnection(server.port(), 64 * 1024)) {
            RemotingChannel serverSide = connected.poll(10, TimeUnit.SECONDS);
            Future<?> sending = sendAll(peer);

            await().atMost(WAIT).until(() -> !serverSide.isWritable());
            // 200 answers of 256 KiB (50 MiB) would be queued if it kept reading; it reads only what it had
            long bound = RemotingServer.WATER_MARK.high() + 16L * BODY_BYTES;
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> handled.get() < 64
                    && serverSide.pendingWriteBytes() <= bound && !sending.isDone());

            for (int i = 0; i < REQUESTS; i++) {
                assertThat(peer.receive().body()).hasSize(BODY_BYTES);
            }
            sending.get(10, TimeUnit.SECONDS);
            assertThat(handled).hasValue(REQUESTS);
            await().atMost(WAIT).until(() -> server.inFlightBytes() == 0);
        }
    }

    @Test
    void whenWritableWaitsForThePeerToReadAndRunsAtOnceWhenNothingIsQueued() throws Exception {
        start(120);
        try (RawConnection peer = new RawConnection(server.port(), 64 * 1024)) {
            RemotingChannel serverSide = connected.poll(10, TimeUnit.SECONDS);
            AtomicInteger ran = new AtomicInteger();
            serverSide.whenWritable(ran::incrementAndGet);
            assertThat(ran).as("nothing queued: at once").hasValue(1);

            sendAll(peer);
            await().atMost(WAIT).until(() -> !serverSide.isWritable());
            serverSide.whenWritable(ran::incrementAndGet);
            serverSide.whenWritable(ran::incrementAndGet);
            assertThat(ran).hasValue(1);

            for (int i = 0; i < REQUESTS; i++) {
                peer.receive();
            }
            await().atMost(WAIT).until(() -> ran.get() == 3);
        }
    }

    @Test
    void whenWritableRunsWhenThePeerGoesAwayWithoutReading() throws Exception {
        start(120);
        AtomicInteger ran = new AtomicInteger();
        try (RawConnection peer = new RawConnection(server.port(), 64 * 1024)) {
            RemotingChannel serverSide = connected.poll(10, TimeUnit.SECONDS);
            sendAll(peer);
            await().atMost(WAIT).until(() -> !serverSide.isWritable());
            serverSide.whenWritable(ran::incrementAndGet);
            assertThat(ran).hasValue(0);
        }
        await().atMost(WAIT).until(() -> ran.get() == 1);
        await().atMost(WAIT).until(() -> server.inFlightBytes() == 0);
    }

    @Test
    void closesWithAWarningAPeerThatHasNotReadItsAnswersForTheIdleTime() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(CommandDispatchHandler.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            start(1);
            try (RawConnection peer = new RawConnection(server.port(), 64 * 1024)) {
                RemotingChannel serverSide = connected.poll(10, TimeUnit.SECONDS);
                sendAll(peer);

                assertThat(closed.poll(20, TimeUnit.SECONDS)).isSameAs(serverSide);
            }
            await().atMost(WAIT).until(() -> server.inFlightBytes() == 0);
            assertThat(events.list).filteredOn(event -> event.getLevel() == Level.WARN)
                    .singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                            .contains("has not read its responses").contains("bytes are waiting"));
        } finally {
            log.detachAppender(events);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void start(int channelIdleSeconds) throws InterruptedException {
        server = new RemotingServer(new ServerOptions("unread-test", "127.0.0.1", 0, 1 << 20, channelIdleSeconds, 1,
                256 << 20), handlers, new ConnectionListener() {
                    @Override
                    public void onConnected(RemotingChannel channel) {
                        connected.add(channel);
                    }

                    @Override
                    public void onClosed(RemotingChannel channel) {
                        closed.add(channel);
                    }
                });
        server.start();
    }

    /** Writes {@link #REQUESTS} echo requests on a thread of its own: the write blocks once the server stops reading. */
    private Future<?> sendAll(RawConnection peer) {
        ByteBuf frames = Unpooled.buffer();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                CommandCodec.encode(RemotingCommand.request(ECHO, Map.of(), new byte[BODY_BYTES]).withOpaque(i),
                        frames);
            }
            byte[] bytes = new byte[frames.readableBytes()];
            frames.readBytes(bytes);
            return writer.submit(() -> {
                peer.sendRaw(bytes);
                return null;
            });
        } finally {
            frames.release();
        }
    }
}
