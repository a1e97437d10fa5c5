package io.osprey.mq.server.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageId;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import io.osprey.mq.server.broker.Broker;
import io.osprey.mq.server.config.BrokerConfig;
import io.osprey.mq.server.config.NameServerConfig;
import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.namesrv.NameServer;
import io.osprey.mq.server.store.GetMessagesResult;
import io.osprey.mq.server.store.TagFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real NameServer and Broker on 127.0.0.1 with free ports, a raw remoting client, and helpers to send, read
 * a queue straight from the store, and restart the broker on the same data.
 */
public final class BrokerHarness implements AutoCloseable {
    /** Short delay levels: level 2 waits 2 s, every other level 1 s (18 levels, as the schedule topic's queues). */
    public static final String SHORT_LEVELS = "1s 2s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";
    private static final long TIMEOUT_MILLIS = 5_000;

    private final Path dataDir;
    private final String delayLevels;
    private final NameServer nameServer;
    private final RemotingClient client = new RemotingClient(ClientOptions.defaults("test-client"));
    private Broker broker;

    public BrokerHarness(Path dataDir, String delayLevels) throws Exception {
        this.dataDir = dataDir;
        this.delayLevels = delayLevels;
        this.nameServer = new NameServer(NameServerConfig.defaults().withListen("127.0.0.1", 0));
        nameServer.start();
        startBroker();
    }

    public void startBroker() throws Exception {
        broker = newBroker(dataDir, "127.0.0.1:" + nameServer.port(), delayLevels);
        broker.start();
    }

    /** A broker on 127.0.0.1, a free port and {@code dataDir}, registering with {@code namesrv} ("" = none). */
    public static Broker newBroker(Path dataDir, String namesrv, String delayLevels) {
        BrokerConfig d = BrokerConfig.defaults().withNetwork(namesrv, "127.0.0.1", 0, "127.0.0.1");
        BrokerConfig config = new BrokerConfig(d.brokerClusterName(), d.brokerName(), d.brokerId(), d.namesrvAddr(),
                d.listenAddress(), d.listenPort(), d.brokerIP1(), d.autoCreateTopicEnable(),
                d.defaultTopicQueueNums(), d.maxMessageBytes(), d.registerIntervalMillis(),
                d.consumerExpiryMillis(), d.offsetPersistIntervalMillis(), d.maxReconsumeTimes(), delayLevels,
                d.sendThreads(), d.pullThreads(), d.adminThreads(), d.maxFrameBytes(), d.channelIdleSeconds(),
                d.maxInFlightBytes(), d.jmsMaxDeliveries(), d.jmsDeadLetterQueue());
        return new Broker(config, StoreConfig.defaults(dataDir).withCommitLogSegmentBytes(1 << 20));
    }

    /** SEND_MESSAGE's request for one message, auto-creating the topic. */
    public static RemotingCommand sendRequest(String topic, int queueId, String body, Map<String, String> properties) {
        SendMessageRequestHeader header = new SendMessageRequestHeader("test-producer", topic, "TBW102", 4,
                queueId, 0, System.currentTimeMillis(), 7, MessageProperties.encode(properties), 0, false, null,
                false);
        return RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the broker gracefully and opens a new one on the same data directory. */
    public void restartBroker(Runnable whileDown) throws Exception {
        client.disconnect(broker.address());
        broker.close();
        whileDown.run();
        startBroker();
    }

    public Broker broker() {
        return broker;
    }

    public Path dataDir() {
        return dataDir;
    }

    public RemotingCommand invoke(int code, Map<String, String> header, byte[] body) throws Exception {
        return client.invoke(broker.address(), RemotingCommand.request(code, header, body), TIMEOUT_MILLIS)
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Sends one message (SEND_MESSAGE, auto-creating the topic) and returns its physical offset. */
    public long send(String topic, int queueId, String body, Map<String, String> properties) throws Exception {
        RemotingCommand response = client.invoke(broker.address(), sendRequest(topic, queueId, body, properties),
                TIMEOUT_MILLIS).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return MessageId.parse(response.extFields().get("msgId")).physicalOffset();
    }

    /** Every message of a queue, read from the store. */
    public List<MessageRecord> messages(String topic, int queueId) {
        GetMessagesResult result = broker.store().getMessages(topic, queueId, 0, 1_000, 64 << 20, TagFilter.ALL);
        return result.messageCount() == 0 ? List.of() : result.decodeRecords();
    }

    @Override
    public void close() {
        client.close();
        if (broker != null) {
            broker.close();
        }
        nameServer.close();
    }
}
