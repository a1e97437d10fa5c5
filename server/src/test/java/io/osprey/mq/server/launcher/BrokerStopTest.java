package io.osprey.mq.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.ClusterInfo;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.ConnectionListener;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.protocol.transport.RemotingServer;
import io.osprey.mq.protocol.transport.ServerOptions;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopping broker leaves the NameServers before it turns requests away: while it unregisters, clients that still
 * hold its route are served, and once it refuses, no NameServer hands out its route any more.
 *
 * <p>The broker (a child process, stopped with SIGTERM) registers with a real NameServer and with a probe: a
 * transport server that refuses registrations and, on receiving the broker's UNREGISTER_BROKER, sends the broker
 * a message before it answers. The broker waits for every NameServer's answer before it goes on stopping, so the
 * probe's send sees the broker exactly as it is while unregistering.
 */
class BrokerStopTest {
    private static final long TIMEOUT_MILLIS = 5_000;

    @TempDir
    Path workDir;
    private final NameServer nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
    private final RemotingClient client = new RemotingClient(ClientOptions.defaults("stop-test"));
    private final ExecutorService probeExecutor = Executors.newSingleThreadExecutor();
    private final CompletableFuture<Integer> sendWhileUnregistering = new CompletableFuture<>();
    private RemotingServer probe;

    @AfterEach
    void stop() {
        if (probe != null) {
            probe.close();
        }
        client.close();
        nameServer.close();
        probeExecutor.shutdownNow();
    }

    @Test
    void onSigtermTheBrokerUnregistersWhileItStillServes() throws Exception {
        nameServer.start();
        probe = startProbe();
        String namesrvAddr = "127.0.0.1:" + nameServer.port() + ";127.0.0.1:" + probe.port();

        try (LauncherProcess broker = LauncherProcess.start(workDir, null, Map.of(), "broker",
                "-D", "listenAddress=127.0.0.1", "-D", "listenPort=0", "-D", "brokerIP1=127.0.0.1",
                "-D", "namesrvAddr=" + namesrvAddr, "-D", "storePathRootDir=" + workDir.resolve("store"),
                "-D", "commitLogSegmentBytes=1048576")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> broker.stdout().stream()
                    .anyMatch(line -> line.startsWith("Osprey Broker broker-a ready on ")));
            assertThat(listedBrokers()).containsKey("broker-a");

            broker.terminate();

            assertThat(broker.exitCode(60)).as("stderr %s", broker.stderr()).isZero();
            assertThat(sendWhileUnregistering.get(10, TimeUnit.SECONDS)).as("send while unregistering")
                    .isEqualTo(ResponseCode.SUCCESS);
            assertThat(listedBrokers()).doesNotContainKey("broker-a");
        }
    }

    private RemotingServer startProbe() throws InterruptedException {
        HandlerTable handlers = new HandlerTable().register(RequestCode.UNREGISTER_BROKER, (channel, request) ->
                send(request.extFields().get("brokerAddr")).handle((response, failure) -> {
                    sendWhileUnregistering.complete(failure != null ? -1 : response.code());
                    return RemotingCommand.success(request, Map.of(), null);
                }), probeExecutor);
        RemotingServer server = new RemotingServer(new ServerOptions("probe-namesrv", "127.0.0.1", 0, 1 << 20, 60, 1, 64L << 20),
                handlers, ConnectionListener.NONE);
        server.start();
        return server;
    }

    private CompletableFuture<RemotingCommand> send(String brokerAddr) {
        SendMessageRequestHeader header = new SendMessageRequestHeader("stop-test-producer", "Orders", "TBW102", 4,
                0, 0, System.currentTimeMillis(), 0, "", 0, false, null, false);
        return client.invoke(brokerAddr, RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(),
                "sent while the broker unregisters".getBytes(StandardCharsets.UTF_8)), TIMEOUT_MILLIS);
    }

    private Map<String, ?> listedBrokers() throws Exception {
        RemotingCommand response = client.invoke("127.0.0.1:" + nameServer.port(),
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of(), null), TIMEOUT_MILLIS)
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        return JsonBodies.decode(response.body(), ClusterInfo.class).brokerAddrTable();
    }
}
