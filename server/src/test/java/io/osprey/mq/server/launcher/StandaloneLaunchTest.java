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
import io.osprey.mq.protocol.transport.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneLaunchTest {
    private static final Pattern NAMESRV_READY = Pattern.compile("Osprey NameServer ready on (127\\.0\\.0\\.1:\\d+)");
    private static final Pattern BROKER_READY = Pattern.compile("Osprey Broker broker-a ready on (127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path workDir;

    @Test
    void startsANameServerAndARegisteredBrokerThenStopsWithExitCode0OnSigterm() throws Exception {
        Path data = workDir.resolve("store");
        try (LauncherProcess launcher = LauncherProcess.start(workDir, null, Map.of(), "standalone",
                "-D", "namesrv.listenPort=0", "-D", "listenPort=0", "-D", "storePathRootDir=" + data)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> readyLines(launcher.stdout()).size() == 2);

            List<String> ready = readyLines(launcher.stdout());
            Matcher namesrv = NAMESRV_READY.matcher(ready.get(0));
            assertThat(namesrv.matches()).as("first ready line %s", ready).isTrue();
            Matcher broker = BROKER_READY.matcher(ready.get(1));
            assertThat(broker.matches()).as("second ready line %s", ready).isTrue();
            // the ready line means serving: neither a refusal while starting nor a route still missing
            assertThat(send(broker.group(1)).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(clusterInfo(namesrv.group(1)).brokerAddrTable()).containsKey("broker-a");

            launcher.terminate();

            assertThat(launcher.exitCode(60)).as("stderr %s", launcher.stderr()).isZero();
        }
        assertThat(data.resolve("config/topics.json")).exists();
    }

    private static List<String> readyLines(List<String> stdout) {
        return stdout.stream().filter(line -> line.startsWith("Osprey ") && line.contains(" ready on ")).toList();
    }

    private static RemotingCommand send(String broker) throws Exception {
        SendMessageRequestHeader header = new SendMessageRequestHeader("launcher-test-producer", "Orders", "TBW102",
                4, 0, 0, System.currentTimeMillis(), 0, "", 0, false, null, false);
        try (RemotingClient client = new RemotingClient(ClientOptions.defaults("launcher-test"))) {
            return client.invoke(broker, RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(),
                    "first".getBytes(StandardCharsets.UTF_8)), 5_000).get(10, TimeUnit.SECONDS);
        }
    }

    private static ClusterInfo clusterInfo(String nameServer) throws Exception {
        try (RemotingClient client = new RemotingClient(ClientOptions.defaults("launcher-test"))) {
            RemotingCommand response = client.invoke(nameServer,
                    RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of(), null), 5_000)
                    .get(10, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
            return JsonBodies.decode(response.body(), ClusterInfo.class);
        }
    }
}
