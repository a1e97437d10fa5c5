package io.osprey.mq.server.namesrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.ClusterInfo;
import io.osprey.mq.protocol.body.DataVersion;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.RegisterBrokerBody;
import io.osprey.mq.protocol.body.TopicConfigWire;
import io.osprey.mq.protocol.body.TopicList;
import io.osprey.mq.protocol.body.TopicRouteData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.RegisterBrokerRequestHeader;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.config.NameServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NameServer as brokers and clients see it over the wire: registrations in, routes out. */
class NameServerTest {
    private static final long TIMEOUT_MILLIS = 3_000;

    private NameServer nameServer;
    private String address;
    private final RemotingClient broker = new RemotingClient(ClientOptions.defaults("test-broker"));
    private final RemotingClient client = new RemotingClient(ClientOptions.defaults("test-client"));

    private void start(long expiryMillis, long scanMillis) throws Exception {
        nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0)
                .withBrokerExpiry(expiryMillis, scanMillis));
        nameServer.start();
        address = "127.0.0.1:" + nameServer.port();
    }

    @AfterEach
    void stop() {
        broker.close();
        client.close();
        if (nameServer != null) {
            nameServer.close();
        }
    }

    @Test
    void registeredMasterTopicsAreRoutedAndUnknownTopicsAreTopicNotExist() throws Exception {
        start(120_000, 5_000);
        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4)));

        RemotingCommand route = ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders"));
        assertThat(route.code()).isEqualTo(ResponseCode.SUCCESS);
        TopicRouteData data = JsonBodies.decode(route.body(), TopicRouteData.class);
        assertThat(data.queueDatas()).singleElement().satisfies(queue -> {
            assertThat(queue.brokerName()).isEqualTo("broker-a");
            assertThat(queue.writeQueueNums()).isEqualTo(4);
            assertThat(queue.perm()).isEqualTo(6);
        });
        assertThat(data.brokerDatas()).singleElement()
                .satisfies(b -> assertThat(b.brokerAddrs()).containsEntry(0L, "10.0.0.1:10911"));
        assertThat(new String(route.body(), StandardCharsets.UTF_8)).contains("\"brokerAddrs\":{\"0\":");

        assertThat(ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Nope")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        TopicList topics = JsonBodies.decode(ask(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, Map.of()).body(),
                TopicList.class);
        assertThat(topics.topicList()).containsExactly("Orders");
    }

    @Test
    void aSlaveJoinsTheBrokerNameButItsTopicsDoNotChangeTheRoute() throws Exception {
        start(120_000, 5_000);
        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4)));
        RemotingCommand slave = register("broker-a", "10.0.0.2:10911", 1, Map.of("Orders", topic("Orders", 8)));

        assertThat(slave.extFields()).containsEntry("masterAddr", "10.0.0.1:10911");
        TopicRouteData data = JsonBodies.decode(
                ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).body(), TopicRouteData.class);
        assertThat(data.queueDatas()).singleElement().satisfies(q -> assertThat(q.writeQueueNums()).isEqualTo(4));
        assertThat(data.brokerDatas().get(0).brokerAddrs()).containsOnlyKeys(0L, 1L);
        ClusterInfo cluster = JsonBodies.decode(ask(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of()).body(),
                ClusterInfo.class);
        assertThat(cluster.clusterAddrTable()).containsEntry("DefaultCluster", java.util.Set.of("broker-a"));
    }

    @Test
    void aBrokerWhoseConnectionClosesLeavesTheRoutesAtOnce() throws Exception {
        start(120_000, 5_000);
        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4)));

        broker.disconnect(address);

        await().atMost(Duration.ofSeconds(5)).until(() ->
                ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).code()
                        == ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void aRestartedBrokerIsNotRemovedWhenItsOldConnectionCloses() throws Exception {
        start(120_000, 5_000);
        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4)));
        try (RemotingClient restarted = new RemotingClient(ClientOptions.defaults("test-restarted-broker"))) {
            byte[] body = registrationBody(Map.of("Orders", topic("Orders", 4)), 1);
            RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader("broker-a", "10.0.0.1:10911",
                    "DefaultCluster", "10.0.0.1:10912", 0, false, 0);
            assertThat(restarted.invoke(address, RemotingCommand.request(RequestCode.REGISTER_BROKER,
                    header.toExtFields(), body), TIMEOUT_MILLIS).get().code()).isEqualTo(ResponseCode.SUCCESS);

            broker.disconnect(address);
            // the close is handled asynchronously: the route must stay for a while, not merely at one instant
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                    ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).code()
                            == ResponseCode.SUCCESS);
        }
    }

    @Test
    void aBrokerSilentPastTheExpiryLeavesTheRoutes() throws Exception {
        start(500, 50);
        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4)));
        assertThat(ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).code())
                .isEqualTo(ResponseCode.SUCCESS);

        await().atMost(Duration.ofSeconds(5)).until(() ->
                ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).code()
                        == ResponseCode.TOPIC_NOT_EXIST);
        ClusterInfo cluster = JsonBodies.decode(ask(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of()).body(),
                ClusterInfo.class);
        assertThat(cluster.brokerAddrTable()).isEmpty();
    }

    @Test
    void unregisterRemovesTheBrokerAndATopicItNoLongerListsLeavesTheRoute() throws Exception {
        start(120_000, 5_000);
        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4), "Old", topic("Old", 1)));
        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4)), 2);
        assertThat(ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Old")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

        RemotingCommand unregister = broker.invoke(address, RemotingCommand.request(RequestCode.UNREGISTER_BROKER,
                Map.of("brokerName", "broker-a", "brokerAddr", "10.0.0.1:10911", "clusterName", "DefaultCluster",
                        "brokerId", "0"), null), TIMEOUT_MILLIS).get();
        assertThat(unregister.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void compressedRegistrationsAsStockBrokersSendThemAreRead() throws Exception {
        start(120_000, 5_000);
        byte[] body = compressedBody(new DataVersion(1L, 3L), List.of("Zipped 2 2 6 SINGLE_TAG"));
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader("broker-z", "10.0.0.9:10911",
                "DefaultCluster", "10.0.0.9:10912", 0, true, 0);
        RemotingCommand answer = broker.invoke(address, RemotingCommand.request(RequestCode.REGISTER_BROKER,
                header.toExtFields(), body), TIMEOUT_MILLIS).get();
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);

        TopicRouteData data = JsonBodies.decode(
                ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Zipped")).body(), TopicRouteData.class);
        assertThat(data.queueDatas()).singleElement().satisfies(q -> assertThat(q.readQueueNums()).isEqualTo(2));
    }

    @Test
    void aRegistrationWhoseBodyFailsItsCrcIsRefused() throws Exception {
        start(120_000, 5_000);
        byte[] body = registrationBody(Map.of("Orders", topic("Orders", 4)), 1);
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader("broker-a", "10.0.0.1:10911",
                "DefaultCluster", "10.0.0.1:10912", 0, false, 12345);

        RemotingCommand answer = broker.invoke(address, RemotingCommand.request(RequestCode.REGISTER_BROKER,
                header.toExtFields(), body), TIMEOUT_MILLIS).get();

        assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    @Test
    void kvConfigIsStoredReadAndDeleted() throws Exception {
        start(120_000, 5_000);
        Map<String, String> key = Map.of("namespace", "ORDER_TOPIC_CONFIG", "key", "Orders");
        assertThat(ask(RequestCode.GET_KV_CONFIG, key).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);

        assertThat(ask(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ORDER_TOPIC_CONFIG", "key", "Orders",
                "value", "broker-a:4")).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(ask(RequestCode.GET_KV_CONFIG, key).extFields()).containsEntry("value", "broker-a:4");

        register("broker-a", "10.0.0.1:10911", 0, Map.of("Orders", topic("Orders", 4)));
        TopicRouteData route = JsonBodies.decode(
                ask(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "Orders")).body(), TopicRouteData.class);
        assertThat(route.orderTopicConf()).isEqualTo("broker-a:4");

        assertThat(ask(RequestCode.DELETE_KV_CONFIG, key).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(ask(RequestCode.GET_KV_CONFIG, key).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        start(120_000, 5_000);
        nameServer.close();
        nameServer.close();
    }

    private RemotingCommand register(String brokerName, String brokerAddr, long brokerId,
                                     Map<String, TopicConfigWire> topics) throws Exception {
        return register(brokerName, brokerAddr, brokerId, topics, 1);
    }

    private RemotingCommand register(String brokerName, String brokerAddr, long brokerId,
                                     Map<String, TopicConfigWire> topics, long version) throws Exception {
        byte[] body = registrationBody(topics, version);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader(brokerName, brokerAddr, "DefaultCluster",
                brokerAddr, brokerId, false, (int) (crc.getValue() & 0x7FFFFFFF));
        RemotingCommand answer = broker.invoke(address, RemotingCommand.request(RequestCode.REGISTER_BROKER,
                header.toExtFields(), body), TIMEOUT_MILLIS).get();
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        return answer;
    }

    private static byte[] registrationBody(Map<String, TopicConfigWire> topics, long version) {
        return JsonBodies.encode(new RegisterBrokerBody(new RegisterBrokerBody.TopicConfigSerializeWrapper(
                new DataVersion(1L, version), topics), List.of()));
    }

    private static TopicConfigWire topic(String name, int queues) {
        return new TopicConfigWire(name, queues, queues, 6, "SINGLE_TAG", 0, false);
    }

    private RemotingCommand ask(int code, Map<String, String> header) throws Exception {
        return client.invoke(address, RemotingCommand.request(code, header, null), TIMEOUT_MILLIS).get();
    }

    private static byte[] compressedBody(DataVersion version, List<String> topics) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            byte[] versionJson = JsonBodies.encode(version);
            out.writeInt(versionJson.length);
            out.write(versionJson);
            out.writeInt(topics.size());
            for (String topic : topics) {
                byte[] line = topic.getBytes(StandardCharsets.UTF_8);
                out.writeInt(line.length);
                out.write(line);
            }
            byte[] filters = "[]".getBytes(StandardCharsets.UTF_8);
            out.writeInt(filters.length);
            out.write(filters);
        }
        return bytes.toByteArray();
    }
}
