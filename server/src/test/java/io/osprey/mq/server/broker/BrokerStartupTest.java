package io.osprey.mq.server.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.ClusterInfo;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.metadata.CorruptMetadataException;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.RecordTypes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker is reachable before its store is open (it binds first), so until then it must turn every request away
 * with SERVICE_NOT_AVAILABLE, which clients retry on another broker, and no NameServer may name it. The store open
 * is held or failed through the broker's {@link StoreOpener}, so "while the store recovers" is a state the test
 * controls, not a race it hopes to win.
 */
class BrokerStartupTest {
    private static final long TIMEOUT_MILLIS = 5_000;

    @TempDir
    Path dataDir;
    private NameServer nameServer;
    private Broker broker;
    private final HeldOpen held = new HeldOpen();
    private final RemotingClient client = new RemotingClient(ClientOptions.defaults("startup-test"));

    @BeforeEach
    void startNameServer() throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
    }

    @AfterEach
    void stop() {
        client.close();
        // a failed assertion can leave the start waiting in the store open, holding the broker's lock
        held.fail(new IOException("test over"));
        if (broker != null) {
            broker.close();
        }
        nameServer.close();
    }

    @Test
    void whileTheStoreOpensRequestsAreRefusedAndNoNameServerListsTheBroker() throws Exception {
        broker = broker(held);
        CompletableFuture<Void> start = startInBackground(broker);
        held.awaitOpening();
        String address = "127.0.0.1:" + broker.port();

        RemotingCommand refused = send(address, "early");
        assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(refused.remark()).isEqualTo("broker broker-a is starting");
        assertThat(listedBrokers()).doesNotContainKey("broker-a");

        held.release();
        start.get(30, TimeUnit.SECONDS);

        assertThat(listedBrokers()).containsKey("broker-a");
        assertThat(send(address, "served").code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aBrokerWhoseStoreFailsToOpenIsNeverListed() throws Exception {
        broker = broker(held);
        CompletableFuture<Void> start = startInBackground(broker);
        held.awaitOpening();
        assertThat(listedBrokers()).doesNotContainKey("broker-a");

        held.fail(new IOException("disk gone"));

        assertThatThrownBy(() -> start.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("disk gone");
        // the launcher closes a failed broker, which would hide a registration it had made: look before that
        assertThat(listedBrokers()).doesNotContainKey("broker-a");
        assertThat(send("127.0.0.1:" + broker.port(), "after failure").code())
                .isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
    }

    @Test
    void aStartThatFailsAfterTheStoreOpenedIsNeverListed() throws Exception {
        // the delay scheduler's progress is the last thing a start reads before it registers
        Path configDir = Files.createDirectories(dataDir.resolve("config"));
        Files.writeString(configDir.resolve("delayOffset.json"), "{not json");
        broker = broker((config, host, types) -> MessageStore.open(config, host, Clock.systemUTC(), Disk.local(),
                types));

        assertThatThrownBy(broker::start).isInstanceOf(CorruptMetadataException.class);

        assertThat(listedBrokers()).doesNotContainKey("broker-a");
    }

    private Broker broker(StoreOpener opener) {
        BrokerConfig config = BrokerConfig.defaults().withNetwork("127.0.0.1:" + nameServer.port(), "127.0.0.1", 0,
                "127.0.0.1");
        return new Broker(config, StoreConfig.defaults(dataDir).withCommitLogSegmentBytes(1 << 20),
                Clock.systemUTC(), opener);
    }

    private static CompletableFuture<Void> startInBackground(Broker broker) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                broker.start();
                started.complete(null);
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "startup-test-start");
        starter.setDaemon(true);
        starter.start();
        return started;
    }

    private RemotingCommand send(String address, String body) throws Exception {
        SendMessageRequestHeader header = new SendMessageRequestHeader("startup-test-producer", "Orders", "TBW102", 4,
                0, 0, System.currentTimeMillis(), 0, "", 0, false, null, false);
        return client.invoke(address, RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(),
                body.getBytes(StandardCharsets.UTF_8)), TIMEOUT_MILLIS).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private Map<String, ?> listedBrokers() throws Exception {
        RemotingCommand response = client.invoke("127.0.0.1:" + nameServer.port(),
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of(), null), TIMEOUT_MILLIS)
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        return JsonBodies.decode(response.body(), ClusterInfo.class).brokerAddrTable();
    }

    /** A store open that waits, as a long recovery does, until the test lets it go on or fail. */
    private static final class HeldOpen implements StoreOpener {
        private final CountDownLatch opening = new CountDownLatch(1);
        private final CompletableFuture<IOException> outcome = new CompletableFuture<>();

        @Override
        public MessageStore open(StoreConfig config, InetSocketAddress storeHost, RecordTypes recordTypes)
                throws IOException {
            opening.countDown();
            IOException failure = outcome.join();
            if (failure != null) {
                throw failure;
            }
            return MessageStore.open(config, storeHost, Clock.systemUTC(), Disk.local(), recordTypes);
        }

        void awaitOpening() {
            await().atMost(Duration.ofSeconds(30)).until(() -> opening.getCount() == 0);
        }

        void release() {
            outcome.complete(null);
        }

        void fail(IOException failure) {
            outcome.complete(failure);
        }
    }
}
