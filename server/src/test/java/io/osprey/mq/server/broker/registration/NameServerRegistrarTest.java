package io.osprey.mq.server.broker.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.body.ClusterInfo;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.common.NamedThreads;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.metadata.TopicTable;
import io.osprey.mq.server.namesrv.NameServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameServerRegistrarTest {
    @TempDir
    Path configDir;
    private NameServer nameServer;
    private final RemotingClient brokerClient = new RemotingClient(ClientOptions.defaults("registrar-test-broker"));
    private final RemotingClient queries = new RemotingClient(ClientOptions.defaults("registrar-test-client"));
    private final ScheduledExecutorService scheduler = NamedThreads.scheduler("registrar-test");

    @BeforeEach
    void start() throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        brokerClient.close();
        queries.close();
        nameServer.close();
    }

    @Test
    void aRegistrationAfterTheUnregistrationDoesNotAdvertiseTheStoppingBrokerAgain() throws Exception {
        NameServerRegistrar registrar = new NameServerRegistrar(new NameServerRegistrar.Identity("DefaultCluster",
                "broker-a", 0, "127.0.0.1:10911", "127.0.0.1:10912"), "127.0.0.1:" + nameServer.port(),
                TopicTable.open(configDir), brokerClient, scheduler, 30_000);
        registrar.start();
        assertThat(listedBrokers()).containsKey("broker-a");

        registrar.unregisterAll();
        assertThat(listedBrokers()).doesNotContainKey("broker-a");

        // what the periodic task or a topic change would run, racing the broker's shutdown
        registrar.registerAll().get(10, TimeUnit.SECONDS);
        assertThat(listedBrokers()).doesNotContainKey("broker-a");
    }

    private Map<String, ?> listedBrokers() throws Exception {
        RemotingCommand response = queries.invoke("127.0.0.1:" + nameServer.port(),
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of(), null), 5_000)
                .get(10, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        return JsonBodies.decode(response.body(), ClusterInfo.class).brokerAddrTable();
    }
}
