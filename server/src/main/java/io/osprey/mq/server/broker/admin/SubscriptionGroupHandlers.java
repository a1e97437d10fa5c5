package io.osprey.mq.server.broker.admin;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.SubscriptionGroupWire;
import io.osprey.mq.protocol.body.SubscriptionGroupWrapper;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.server.metadata.ConsumerOffsetTable;
import io.osprey.mq.server.metadata.InvalidGroupNameException;
import io.osprey.mq.server.metadata.SubscriptionGroupConfig;
import io.osprey.mq.server.metadata.SubscriptionGroupTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer group administration: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, GET_ALL_SUBSCRIPTIONGROUP_CONFIG and
 * DELETE_SUBSCRIPTIONGROUP (mqadmin updateSubGroup, deleteSubGroup, consumerProgress).
 */
public final class SubscriptionGroupHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGroupHandlers.class);
    /** The stock client's defaults for fields this broker does not keep: reported as they behave here. */
    private static final int CONSUME_TIMEOUT_MINUTES = 15;

    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;

    public SubscriptionGroupHandlers(SubscriptionGroupTable groups, ConsumerOffsetTable offsets) {
        this.groups = groups;
        this.offsets = offsets;
    }

    /** Creates or replaces a group from the body's config; a field the body lacks takes the stock default. */
    public CompletionStage<RemotingCommand> updateAndCreate(RemotingChannel channel, RemotingCommand request) {
        SubscriptionGroupWire wire = JsonBodies.decode(request.body(), SubscriptionGroupWire.class);
        SubscriptionGroupConfig defaults = SubscriptionGroupConfig.defaults(validName(wire.groupName()));
        SubscriptionGroupConfig config;
        try {
            config = new SubscriptionGroupConfig(wire.groupName(),
                    orDefault(wire.consumeEnable(), defaults.consumeEnable()),
                    orDefault(wire.consumeBroadcastEnable(), defaults.consumeBroadcastEnable()),
                    orDefault(wire.retryQueueNums(), defaults.retryQueueNums()),
                    orDefault(wire.retryMaxTimes(), defaults.retryMaxTimes()),
                    orDefault(wire.brokerId(), defaults.brokerId()),
                    orDefault(wire.whichBrokerWhenConsumeSlowly(), defaults.whichBrokerWhenConsumeSlowly()),
                    orDefault(wire.consumeMessageOrderly(), defaults.consumeMessageOrderly()));
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
        LOG.info("update/create subscription group {} from {}: {}", config.groupName(), channel.remoteAddress(),
                config);
        groups.put(config);
        return success(request, null);
    }

    public CompletionStage<RemotingCommand> all(RemotingChannel channel, RemotingCommand request) {
        Map<String, SubscriptionGroupWire> table = new LinkedHashMap<>();
        for (SubscriptionGroupConfig group : groups.all()) {
            table.put(group.groupName(), toWire(group));
        }
        return success(request, JsonBodies.encode(new SubscriptionGroupWrapper(table, groups.dataVersion(),
                Map.of())));
    }

    /**
     * Deletes the group's config; with {@code removeOffset} (4.9) or {@code cleanOffset} (5.x) also its committed
     * offsets. SUCCESS also for an unknown group, as the stock broker answers.
     */
    public CompletionStage<RemotingCommand> delete(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        String group = fields.requireString("groupName");
        boolean cleanOffsets = fields.bool("cleanOffset", false) || fields.bool("removeOffset", false);
        LOG.info("delete subscription group {} from {}{}", group, channel.remoteAddress(),
                cleanOffsets ? " with its offsets" : "");
        groups.delete(group);
        if (cleanOffsets) {
            offsets.removeGroup(group);
        }
        return success(request, null);
    }

    static SubscriptionGroupWire toWire(SubscriptionGroupConfig group) {
        return new SubscriptionGroupWire(group.groupName(), group.consumeEnable(), true,
                group.consumeBroadcastEnable(), group.consumeMessageOrderly(), group.retryQueueNums(),
                group.retryMaxTimes(), group.brokerId(), group.whichBrokerWhenConsumeSlowly(), true, 0,
                CONSUME_TIMEOUT_MINUTES);
    }

    private static String validName(String groupName) {
        try {
            SubscriptionGroupConfig.validateName(groupName);
            return groupName;
        } catch (InvalidGroupNameException e) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
    }

    private static <T> T orDefault(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }

    private static CompletionStage<RemotingCommand> success(RemotingCommand request, byte[] body) {
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, body));
    }
}
