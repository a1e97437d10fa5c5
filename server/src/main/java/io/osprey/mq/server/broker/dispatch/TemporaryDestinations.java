package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.TemporaryNames;
import io.osprey.mq.protocol.transport.RequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary destinations of this broker's JMS connections (Jakarta Messaging 3.1, 6.2.2): each is owned by the
 * connection that created it, which alone may consume from it, and it goes when that connection ends. Touched only on
 * the dispatcher's thread. Anyone may send to one while it exists (a {@code JMSReplyTo}); its topic lives on this
 * broker only, so the NameServers route sends to it here.
 */
final class TemporaryDestinations {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryDestinations.class);

    private final TemporaryTopics topics;
    /** name → owning connection ID. */
    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, Set<String>> byConnection = new HashMap<>();

    TemporaryDestinations(TemporaryTopics topics) {
        this.topics = topics;
    }

    /** A new destination of the connection, not yet created in the topics. */
    String register(String connectionId, boolean queue) {
        String name = TemporaryNames.newName(queue);
        owners.put(name, connectionId);
        byConnection.computeIfAbsent(connectionId, c -> new LinkedHashSet<>()).add(name);
        return name;
    }

    boolean isRegistered(String name) {
        return owners.containsKey(name);
    }

    CompletableFuture<Void> createTopic(String name) {
        return topics.create(name);
    }

    CompletableFuture<Void> deleteTopic(String name) {
        return topics.delete(name);
    }

    /** Deletes the topic off the dispatcher's thread (it writes the topic table). */
    void deleteTopicSoon(String name, Executor executor) {
        executor.execute(() -> topics.delete(name).whenComplete((deleted, failure) -> {
            if (failure != null) {
                LOG.warn("temporary destination {}: its topic was not deleted: {}", name, failure.toString());
            }
        }));
    }

    /**
     * Refuses a consumer of another connection, a durable subscription, or a temporary destination that does not
     * exist (deleted, its connection ended, or created on another broker). Ordinary destinations pass.
     */
    void checkConsumer(String topic, String connectionId, boolean asQueue, boolean durable) {
        if (!TemporaryNames.isTemporary(topic)) {
            return;
        }
        checkKind(topic, asQueue);
        if (durable) {
            // 4.2.7: a durable subscription to a temporary topic is a programming error, which we detect
            throw new RequestException(ResponseCode.INVALID_DESTINATION, "temporary destination " + topic
                    + " cannot have a durable subscription: it ends with its connection");
        }
        String owner = owners.get(topic);
        if (owner == null) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, "temporary destination " + topic
                    + " does not exist on this broker: it was deleted or the connection that created it closed");
        }
        if (!owner.equals(connectionId)) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, "temporary destination " + topic
                    + " belongs to another connection: only the connection that created it may consume from it");
        }
    }

    /** Refuses a temporary topic's name used as a queue's, and a temporary queue's as a topic's. */
    static void checkKind(String name, boolean asQueue) {
        if (TemporaryNames.isTemporary(name) && TemporaryNames.isTemporaryTopic(name) == asQueue) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, name + " is a temporary "
                    + (asQueue ? "topic" : "queue") + ", not a " + (asQueue ? "queue" : "topic"));
        }
    }

    /** Refuses the deletion of a destination that does not exist or that another connection owns. */
    void checkDeletable(String name, String connectionId) {
        String owner = owners.get(name);
        if (owner == null) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, "no temporary destination " + name
                    + " on this broker");
        }
        if (!owner.equals(connectionId)) {
            throw new RequestException(ResponseCode.ILLEGAL_STATE, "temporary destination " + name
                    + " belongs to another connection: only the connection that created it may delete it");
        }
    }

    void remove(String name) {
        String owner = owners.remove(name);
        if (owner != null) {
            Set<String> ofOwner = byConnection.get(owner);
            if (ofOwner != null) {
                ofOwner.remove(name);
                if (ofOwner.isEmpty()) {
                    byConnection.remove(owner);
                }
            }
        }
    }

    /** The connection ended: its destinations, no longer registered (their topics are still to delete). */
    List<String> removeAllOf(String connectionId) {
        Set<String> names = byConnection.remove(connectionId);
        if (names == null) {
            return List.of();
        }
        names.forEach(owners::remove);
        return new ArrayList<>(names);
    }
}
