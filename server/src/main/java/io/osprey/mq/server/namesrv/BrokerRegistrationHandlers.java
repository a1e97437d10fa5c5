package io.osprey.mq.server.namesrv;

import io.osprey.mq.protocol.body.RegisterBrokerBody;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.header.RegisterBrokerRequestHeader;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** REGISTER_BROKER and UNREGISTER_BROKER. */
final class BrokerRegistrationHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistrationHandlers.class);

    private final RouteTable routes;
    private final Clock clock;

    BrokerRegistrationHandlers(RouteTable routes, Clock clock) {
        this.routes = routes;
        this.clock = clock;
    }

    CompletionStage<RemotingCommand> register(RemotingChannel channel, RemotingCommand request) {
        RegisterBrokerRequestHeader header = RegisterBrokerRequestHeader.from(request.extFields());
        byte[] body = request.body();
        if (header.bodyCrc32() != 0 && header.bodyCrc32() != crc32(body)) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "register body crc32 does not match");
        }
        RegisterBrokerBody.TopicConfigSerializeWrapper topics =
                RegisterBodyDecoder.decode(body, header.compressed());
        long now = clock.millis();
        if (!routes.touch(header.brokerAddr(), topics.dataVersion(), now, channel)) {
            boolean isNew = routes.register(new RouteTable.LiveBroker(header.clusterName(), header.brokerName(),
                    header.brokerId(), header.brokerAddr(), header.haServerAddr(), topics.dataVersion(), now, channel),
                    topics.topicConfigTable());
            if (isNew) {
                LOG.info("broker registered: {} {} id {} at {} ({} topics)", header.clusterName(),
                        header.brokerName(), header.brokerId(), header.brokerAddr(), topics.topicConfigTable().size());
            }
        }
        ExtFields.Builder answer = ExtFields.builder();
        if (header.brokerId() != 0) {
            routes.clusterInfo().brokerAddrTable().values().stream()
                    .filter(b -> b.brokerName().equals(header.brokerName()))
                    .map(b -> b.masterAddr())
                    .filter(master -> master != null)
                    .findFirst()
                    .ifPresent(master -> {
                        answer.put("masterAddr", master);
                        routes.liveBroker(master).ifPresent(b -> answer.put("haServerAddr", b.haServerAddr()));
                    });
        }
        return CompletableFuture.completedFuture(RemotingCommand.success(request, answer.build(), null));
    }

    CompletionStage<RemotingCommand> unregister(RemotingChannel channel, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request.extFields());
        String brokerName = fields.requireString("brokerName");
        String brokerAddr = fields.requireString("brokerAddr");
        long brokerId = fields.requireLong("brokerId");
        routes.unregister(fields.string("clusterName"), brokerName, brokerAddr, brokerId);
        LOG.info("broker unregistered: {} id {} at {}", brokerName, brokerId, brokerAddr);
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }

    private static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
