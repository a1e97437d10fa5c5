package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.dispatch.TemporaryNames;
import io.osprey.mq.server.broker.topic.Perm;
import io.osprey.mq.server.broker.topic.TopicRegistry;
import io.osprey.mq.server.metadata.TopicConfig;
import io.osprey.mq.server.store.MessageStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary destinations as topics of this broker only: a create answers once the NameServers route the topic here,
 * so a replier on any broker of the cluster that looks the route up finds this one; a delete removes the topic and
 * its stored messages and the route with it.
 */
public final class RoutedTemporaryTopics implements TemporaryTopics {
    private static final Logger LOG = LoggerFactory.getLogger(RoutedTemporaryTopics.class);
    /** One queue: a temporary destination serves one connection; its replies keep their order. */
    private static final int QUEUES = 1;

    private final TopicRegistry topics;
    private final MessageStore store;
    private final Supplier<CompletableFuture<Void>> registerWithNameServers;

    public RoutedTemporaryTopics(TopicRegistry topics, MessageStore store,
                                 Supplier<CompletableFuture<Void>> registerWithNameServers) {
        this.topics = topics;
        this.store = store;
        this.registerWithNameServers = registerWithNameServers;
    }

    @Override
    public CompletableFuture<Void> create(String topic) {
        topics.createOrUpdate(TopicConfig.of(topic, QUEUES, QUEUES, Perm.READ_WRITE));
        return registerWithNameServers.get();
    }

    @Override
    public CompletableFuture<Void> delete(String topic) {
        topics.delete(topic);
        return store.deleteTopic(topic);
    }

    /**
     * Deletes the temporary destinations a previous run left (their connections ended with it): called at start,
     * before clients are served.
     */
    public CompletableFuture<Void> deleteLeftovers() {
        List<String> leftovers = topics.table().all().stream().map(TopicConfig::topicName)
                .filter(TemporaryNames::isTemporary).toList();
        if (!leftovers.isEmpty()) {
            LOG.info("deleting {} temporary destinations of connections that ended with the last run",
                    leftovers.size());
        }
        return CompletableFuture.allOf(leftovers.stream().map(this::delete).toArray(CompletableFuture[]::new));
    }
}
