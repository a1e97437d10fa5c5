package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.BrowseCursor;
import io.osprey.mq.protocol.dispatch.BrowseHeader;
import io.osprey.mq.protocol.dispatch.ConnectHeader;
import io.osprey.mq.protocol.dispatch.TemporaryDestinationHeader;
import io.osprey.mq.protocol.dispatch.ConsumerHeader;
import io.osprey.mq.protocol.dispatch.DeliveryBatch;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.dispatch.DeliveryTags;
import io.osprey.mq.protocol.dispatch.DispatchProperties;
import io.osprey.mq.protocol.dispatch.OpenConsumerHeader;
import io.osprey.mq.protocol.dispatch.SubscriptionType;
import io.osprey.mq.protocol.dispatch.StagedSend;
import io.osprey.mq.protocol.dispatch.TagsHeader;
import io.osprey.mq.protocol.dispatch.TransactionHeader;
import io.osprey.mq.protocol.dispatch.TransactionWork;
import io.osprey.mq.protocol.dispatch.UnsubscribeHeader;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One JMS connection as the provider would drive it, speaking the dispatch codes to one broker over a TCP channel
 * of its own (so that a test can drop that channel). The raw methods answer the broker's response whatever its
 * code, for tests that probe errors; the others assert success.
 *
 * <p>Every send carries {@link DispatchProperties#PRODUCER_CONNECTION} = this connection's ID and, once it has one,
 * {@link DispatchProperties#PRODUCER_CLIENT_ID} = its client ID, as the provider's sends do.
 */
final class JmsWire implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 5_000;

    private final String address;
    private final String connectionId;
    private final RemotingClient client;
    private final Map<Long, String> subscriptions = new ConcurrentHashMap<>();
    private volatile String clientId;

    JmsWire(String brokerAddress, String connectionId) {
        this.address = brokerAddress;
        this.connectionId = connectionId;
        this.client = new RemotingClient(ClientOptions.defaults("jms-" + connectionId));
    }

    /** A connected JMS connection (no client ID). */
    static JmsWire connected(String brokerAddress, String connectionId) throws Exception {
        return connected(brokerAddress, connectionId, null);
    }

    static JmsWire connected(String brokerAddress, String connectionId, String clientId) throws Exception {
        JmsWire wire = new JmsWire(brokerAddress, connectionId);
        succeeded(wire.connect(clientId));
        return wire;
    }

    String connectionId() {
        return connectionId;
    }

    // ---------------------------------------------------------------- raw requests

    RemotingCommand invoke(int code, Map<String, String> header, byte[] body) throws Exception {
        return invokeAsync(code, header, body, TIMEOUT_MILLIS).get(TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<RemotingCommand> invokeAsync(int code, Map<String, String> header, byte[] body,
                                                   long timeoutMillis) {
        return client.invoke(address, RemotingCommand.request(code, header, body), timeoutMillis);
    }

    RemotingCommand connect(String clientId) throws Exception {
        RemotingCommand response = invoke(RequestCode.JMS_CONNECT,
                new ConnectHeader(connectionId, clientId, null, null).toExtFields(), null);
        if (response.code() == ResponseCode.SUCCESS) {
            this.clientId = clientId;
        }
        return response;
    }

    RemotingCommand claimClientIdRaw(String clientId) throws Exception {
        RemotingCommand response = invoke(RequestCode.JMS_CLAIM_CLIENT_ID,
                new ConnectHeader(connectionId, clientId, null, null).toExtFields(), null);
        if (response.code() == ResponseCode.SUCCESS) {
            this.clientId = clientId;
        }
        return response;
    }

    RemotingCommand openConsumer(long consumerId, String topic, SubscriptionType type, String name, String selector,
                                 boolean noLocal) throws Exception {
        RemotingCommand response = invoke(RequestCode.JMS_OPEN_CONSUMER, new OpenConsumerHeader(connectionId,
                consumerId, topic, type, name, clientId, selector, noLocal).toExtFields(), null);
        if (response.code() == ResponseCode.SUCCESS) {
            subscriptions.put(consumerId, response.extFields().get("subscription"));
        }
        return response;
    }

    /** A fetch as sent; the future completes when the broker answers (a held fetch: on arrival or at its wait). */
    CompletableFuture<RemotingCommand> fetchAsync(long consumerId, int maxMessages, long waitMillis) {
        return invokeAsync(RequestCode.JMS_FETCH,
                new ConsumerHeader(connectionId, consumerId, maxMessages, waitMillis).toExtFields(), null,
                waitMillis + TIMEOUT_MILLIS);
    }

    RemotingCommand ackRaw(List<DeliveryTag> tags) throws Exception {
        return invoke(RequestCode.JMS_ACK, new TagsHeader(connectionId, true).toExtFields(),
                DeliveryTags.encode(tags));
    }

    RemotingCommand giveBackRaw(List<DeliveryTag> tags, boolean delivered) throws Exception {
        return invoke(RequestCode.JMS_RETURN, new TagsHeader(connectionId, delivered).toExtFields(),
                DeliveryTags.encode(tags));
    }

    RemotingCommand closeConsumerRaw(long consumerId, List<DeliveryTag> undelivered) throws Exception {
        return invoke(RequestCode.JMS_CLOSE_CONSUMER, new ConsumerHeader(connectionId, consumerId, 0, 0)
                .toExtFields(), DeliveryTags.encode(undelivered));
    }

    RemotingCommand unsubscribeRaw(String name) throws Exception {
        return invoke(RequestCode.JMS_UNSUBSCRIBE, new UnsubscribeHeader(connectionId, clientId, name).toExtFields(),
                null);
    }

    RemotingCommand createTemporaryRaw(boolean queue) throws Exception {
        return invoke(RequestCode.JMS_CREATE_TEMPORARY, new TemporaryDestinationHeader(connectionId, queue, null)
                .toExtFields(), null);
    }

    /** Creates a temporary queue or topic of this connection and answers its name. */
    String createTemporary(boolean queue) throws Exception {
        return succeeded(createTemporaryRaw(queue)).extFields().get(TemporaryDestinationHeader.NAME);
    }

    RemotingCommand deleteTemporaryRaw(String name) throws Exception {
        return invoke(RequestCode.JMS_DELETE_TEMPORARY, new TemporaryDestinationHeader(connectionId, true, name)
                .toExtFields(), null);
    }

    RemotingCommand browseRaw(String queue, String selector, BrowseCursor cursor, int maxMessages)
            throws Exception {
        return invoke(RequestCode.JMS_BROWSE, new BrowseHeader(connectionId, queue, selector, cursor, maxMessages)
                .toExtFields(), null);
    }

    /** Browses a whole queue page by page, asserting each page succeeded and holds at most {@code pageSize}. */
    List<Received> browseAll(String queue, String selector, int pageSize) throws Exception {
        List<Received> all = new ArrayList<>();
        BrowseCursor cursor = null;
        do {
            RemotingCommand page = succeeded(browseRaw(queue, selector, cursor, pageSize));
            List<Received> messages = DeliveryBatch.decode(page.body()).stream()
                    .map(d -> Received.of("browse", d)).toList();
            assertThat(messages.size()).isLessThanOrEqualTo(pageSize);
            all.addAll(messages);
            String next = page.extFields().get(BrowseHeader.NEXT_CURSOR);
            cursor = next == null ? null : BrowseCursor.decode(next);
        } while (cursor != null);
        return all;
    }

    RemotingCommand disconnectRaw() throws Exception {
        return invoke(RequestCode.JMS_DISCONNECT, Map.of("connectionId", connectionId), null);
    }

    RemotingCommand commitRaw(String transactionId, List<StagedSend> sends, List<DeliveryTag> consumed)
            throws Exception {
        return invoke(RequestCode.JMS_TX_COMMIT, new TransactionHeader(connectionId, transactionId).toExtFields(),
                new TransactionWork(sends, consumed).encode());
    }

    RemotingCommand stageRaw(String transactionId, List<StagedSend> sends) throws Exception {
        return invoke(RequestCode.JMS_TX_STAGE, new TransactionHeader(connectionId, transactionId).toExtFields(),
                new TransactionWork(sends, List.of()).encode());
    }

    RemotingCommand rollbackRaw(String transactionId) throws Exception {
        return invoke(RequestCode.JMS_TX_ROLLBACK, new TransactionHeader(connectionId, transactionId).toExtFields(),
                null);
    }

    /** A transaction's send of {@code body} to queue 0 of {@code topic}, from this connection. */
    StagedSend staged(String topic, String body) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(DispatchProperties.PRODUCER_CONNECTION, connectionId);
        return new StagedSend(topic, 0, System.currentTimeMillis(), MessageProperties.encode(properties),
                body.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- asserting requests

    /** Opens a consumer and answers its subscription's key. */
    String open(long consumerId, String topic, SubscriptionType type, String name) throws Exception {
        return open(consumerId, topic, type, name, false);
    }

    String open(long consumerId, String topic, SubscriptionType type, String name, boolean noLocal)
            throws Exception {
        return succeeded(openConsumer(consumerId, topic, type, name, null, noLocal)).extFields().get("subscription");
    }

    String openQueue(long consumerId, String queue) throws Exception {
        return open(consumerId, queue, SubscriptionType.QUEUE, null);
    }

    List<Received> fetch(long consumerId, int maxMessages, long waitMillis) throws Exception {
        return deliveries(consumerId, fetchAsync(consumerId, maxMessages, waitMillis)
                .get(waitMillis + TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS));
    }

    /** What a fetch answered, asserting it succeeded. */
    List<Received> deliveries(long consumerId, RemotingCommand response) {
        succeeded(response);
        String subscription = subscriptions.get(consumerId);
        List<Received> received = DeliveryBatch.decode(response.body()).stream()
                .map(d -> Received.of(subscription, d)).toList();
        assertThat(response.extFields()).containsEntry("count", Integer.toString(received.size()));
        return received;
    }

    /** Fetches until {@code count} messages came, each fetch asking for the rest and held up to a second. */
    List<Received> fetchExactly(long consumerId, int count) throws Exception {
        List<Received> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            all.addAll(fetch(consumerId, count - all.size(), 1_000));
            return all.size() >= count;
        });
        assertThat(all).hasSize(count);
        return all;
    }

    void ack(List<Received> received) throws Exception {
        succeeded(ackRaw(tags(received)));
    }

    void giveBack(List<Received> received, boolean delivered) throws Exception {
        succeeded(giveBackRaw(tags(received), delivered));
    }

    void closeConsumer(long consumerId, List<Received> undelivered) throws Exception {
        succeeded(closeConsumerRaw(consumerId, tags(undelivered)));
    }

    void disconnect() throws Exception {
        succeeded(disconnectRaw());
    }

    /** Closes the TCP channel without a word, as a crashed client would. */
    void dropChannel() {
        client.disconnect(address);
    }

    /**
     * Waits until the broker holds a fetch of {@code consumerId}: a probe fetch that answers at once is refused
     * ILLEGAL_STATE while one is held. Only for a consumer with nothing to take (a probe takes what it finds).
     */
    void awaitHeldFetch(long consumerId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> invoke(RequestCode.JMS_FETCH,
                new ConsumerHeader(connectionId, consumerId, 1, 0).toExtFields(), null).code()
                == ResponseCode.ILLEGAL_STATE);
    }

    // ---------------------------------------------------------------- sends

    /** SEND_MESSAGE to one queue with the given properties (and this connection as the producer). */
    String send(String topic, int queueId, String body, Map<String, String> properties) throws Exception {
        RemotingCommand response = sendRaw(topic, queueId, body, properties);
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return response.extFields().get("msgId");
    }

    /** SEND_MESSAGE as {@link #send}, answering the broker's response whatever its code. */
    RemotingCommand sendRaw(String topic, int queueId, String body, Map<String, String> properties)
            throws Exception {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putIfAbsent(DispatchProperties.PRODUCER_CONNECTION, connectionId);
        if (clientId != null) {
            all.putIfAbsent(DispatchProperties.PRODUCER_CLIENT_ID, clientId);
        }
        SendMessageRequestHeader header = new SendMessageRequestHeader("jms-producer", topic, "TBW102", 4, queueId,
                0, System.currentTimeMillis(), 0, MessageProperties.encode(all), 0, false, null, false);
        return invoke(RequestCode.SEND_MESSAGE, header.toExtFields(), body.getBytes(StandardCharsets.UTF_8));
    }

    String send(String topic, int queueId, String body) throws Exception {
        return send(topic, queueId, body, Map.of());
    }

    // ---------------------------------------------------------------- helpers

    static RemotingCommand succeeded(RemotingCommand response) {
        assertThat(response.code()).as("%s: %s", ResponseCode.name(response.code()), response.remark())
                .isEqualTo(ResponseCode.SUCCESS);
        return response;
    }

    static List<DeliveryTag> tags(List<Received> received) {
        return received.stream().map(Received::tag).toList();
    }

    static List<String> bodies(List<Received> received) {
        return received.stream().map(Received::body).toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
