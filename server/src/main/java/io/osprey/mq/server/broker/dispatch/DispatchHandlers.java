package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.dispatch.BrowseHeader;
import io.osprey.mq.protocol.dispatch.ClientIds;
import io.osprey.mq.protocol.dispatch.ConnectHeader;
import io.osprey.mq.protocol.dispatch.TemporaryDestinationHeader;
import io.osprey.mq.protocol.dispatch.ConsumerHeader;
import io.osprey.mq.protocol.dispatch.DeliveryBatch;
import io.osprey.mq.protocol.dispatch.DeliveryTags;
import io.osprey.mq.protocol.dispatch.OpenConsumerHeader;
import io.osprey.mq.protocol.dispatch.TagsHeader;
import io.osprey.mq.protocol.dispatch.UnsubscribeHeader;
import io.osprey.mq.protocol.header.ExtFields;
import io.osprey.mq.protocol.transport.HandlerTable;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.server.security.Admission;
import io.osprey.mq.server.security.ConnectionAuthenticator;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** The JMS request codes, parsed and handed to the {@link Dispatcher}. */
public final class DispatchHandlers {
    private final Dispatcher dispatcher;
    private final ConnectionAuthenticator authenticator;

    public DispatchHandlers(Dispatcher dispatcher, ConnectionAuthenticator authenticator) {
        this.dispatcher = dispatcher;
        this.authenticator = authenticator;
    }

    /**
     * Registers every JMS code on {@code executor}: a connect checks a password (a slow hash on purpose), the others
     * only parse and hand over to the dispatcher.
     */
    public void register(HandlerTable handlers, Executor executor) {
        handlers.register(RequestCode.JMS_CONNECT, this::connect, executor)
                .register(RequestCode.JMS_CLAIM_CLIENT_ID, this::claimClientId, executor)
                .register(RequestCode.JMS_DISCONNECT, this::disconnect, executor)
                .register(RequestCode.JMS_PING, this::ping, executor)
                .register(RequestCode.JMS_OPEN_CONSUMER, this::openConsumer, executor)
                .register(RequestCode.JMS_CLOSE_CONSUMER, this::closeConsumer, executor)
                .register(RequestCode.JMS_FETCH, this::fetch, executor)
                .register(RequestCode.JMS_ACK, this::ack, executor)
                .register(RequestCode.JMS_RETURN, this::giveBack, executor)
                .register(RequestCode.JMS_UNSUBSCRIBE, this::unsubscribe, executor)
                .register(RequestCode.JMS_BROWSE, this::browse, executor)
                .register(RequestCode.JMS_CREATE_TEMPORARY, this::createTemporary, executor)
                .register(RequestCode.JMS_DELETE_TEMPORARY, this::deleteTemporary, executor);
    }

    private CompletionStage<RemotingCommand> connect(RemotingChannel channel, RemotingCommand request) {
        ConnectHeader header = ConnectHeader.from(request.extFields());
        char[] password = header.password() == null ? null : header.password().toCharArray();
        Admission admission;
        try {
            admission = authenticator.admit(header.user(), password, channel.remoteAddress());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        if (admission instanceof Admission.Refused refused) {
            throw new RequestException(ResponseCode.AUTHENTICATION_FAILED, refused.clientMessage());
        }
        String user = ((Admission.Admitted) admission).principal().name();
        if (header.clientId() != null) {
            validateClientId(header.clientId());
        }
        return dispatcher.connect(channel, header.connectionId(), user, header.clientId())
                .thenApply(done -> ok(request));
    }

    private CompletionStage<RemotingCommand> claimClientId(RemotingChannel channel, RemotingCommand request) {
        ConnectHeader header = ConnectHeader.from(request.extFields());
        if (header.clientId() == null) {
            throw new RequestException(ResponseCode.ILLEGAL_STATE, "no client ID to claim");
        }
        validateClientId(header.clientId());
        return dispatcher.claimClientId(header.connectionId(), header.clientId()).thenApply(done -> ok(request));
    }

    /** Refuses what a client that bypasses the provider's check sends: the broker keys subscriptions by it. */
    private static void validateClientId(String clientId) {
        String problem = ClientIds.problem(clientId);
        if (problem != null) {
            throw new RequestException(ResponseCode.INVALID_CLIENT_ID, "client ID [" + ClientIds.printable(clientId)
                    + "] refused: " + problem);
        }
    }

    private CompletionStage<RemotingCommand> disconnect(RemotingChannel channel, RemotingCommand request) {
        String connectionId = ExtFields.of(request.extFields()).requireString("connectionId");
        return dispatcher.disconnect(connectionId).thenApply(done -> ok(request));
    }

    private CompletionStage<RemotingCommand> ping(RemotingChannel channel, RemotingCommand request) {
        String connectionId = ExtFields.of(request.extFields()).requireString("connectionId");
        return dispatcher.ping(channel, connectionId).thenApply(done -> ok(request));
    }

    private CompletionStage<RemotingCommand> openConsumer(RemotingChannel channel, RemotingCommand request) {
        OpenConsumerHeader header = OpenConsumerHeader.from(request.extFields());
        return dispatcher.openConsumer(header).thenApply(key -> RemotingCommand.success(request,
                ExtFields.builder().put("subscription", key).build(), null));
    }

    private CompletionStage<RemotingCommand> closeConsumer(RemotingChannel channel, RemotingCommand request) {
        ConsumerHeader header = ConsumerHeader.from(request.extFields());
        return dispatcher.closeConsumer(header.connectionId(), header.consumerId(),
                DeliveryTags.decode(request.body())).thenApply(done -> ok(request));
    }

    private CompletionStage<RemotingCommand> fetch(RemotingChannel channel, RemotingCommand request) {
        ConsumerHeader header = ConsumerHeader.from(request.extFields());
        RemotingCommand answerTo = request.withoutBody();
        return dispatcher.fetch(header.connectionId(), header.consumerId(), header.maxMessages(),
                header.waitMillis()).thenApply(found -> RemotingCommand.success(answerTo,
                ExtFields.builder().put("count", found.size()).build(), DeliveryBatch.encode(found)));
    }

    private CompletionStage<RemotingCommand> ack(RemotingChannel channel, RemotingCommand request) {
        TagsHeader header = TagsHeader.from(request.extFields());
        return dispatcher.ack(header.connectionId(), DeliveryTags.decode(request.body()))
                .thenApply(done -> ok(request));
    }

    private CompletionStage<RemotingCommand> giveBack(RemotingChannel channel, RemotingCommand request) {
        TagsHeader header = TagsHeader.from(request.extFields());
        return dispatcher.giveBack(header.connectionId(), DeliveryTags.decode(request.body()), header.delivered())
                .thenApply(done -> ok(request));
    }

    private CompletionStage<RemotingCommand> unsubscribe(RemotingChannel channel, RemotingCommand request) {
        UnsubscribeHeader header = UnsubscribeHeader.from(request.extFields());
        return dispatcher.unsubscribe(header.connectionId(), header.subscriptionName())
                .thenApply(done -> ok(request));
    }

    private CompletionStage<RemotingCommand> browse(RemotingChannel channel, RemotingCommand request) {
        BrowseHeader header = BrowseHeader.from(request.extFields());
        RemotingCommand answerTo = request.withoutBody();
        return dispatcher.browse(header).thenApply(page -> RemotingCommand.success(answerTo, ExtFields.builder()
                .put("count", page.messages().size())
                .put(BrowseHeader.NEXT_CURSOR, page.next() == null ? null : page.next().encode()).build(),
                DeliveryBatch.encode(page.messages())));
    }

    private CompletionStage<RemotingCommand> createTemporary(RemotingChannel channel, RemotingCommand request) {
        TemporaryDestinationHeader header = TemporaryDestinationHeader.from(request.extFields());
        return dispatcher.createTemporary(header.connectionId(), header.queue()).thenApply(name ->
                RemotingCommand.success(request, ExtFields.builder().put(TemporaryDestinationHeader.NAME, name)
                        .build(), null));
    }

    private CompletionStage<RemotingCommand> deleteTemporary(RemotingChannel channel, RemotingCommand request) {
        TemporaryDestinationHeader header = TemporaryDestinationHeader.from(request.extFields());
        if (header.name() == null) {
            throw new RequestException(ResponseCode.INVALID_DESTINATION, "no temporary destination named");
        }
        return dispatcher.deleteTemporary(header.connectionId(), header.name()).thenApply(done -> ok(request));
    }

    private static RemotingCommand ok(RemotingCommand request) {
        return RemotingCommand.success(request, Map.of(), null);
    }
}
