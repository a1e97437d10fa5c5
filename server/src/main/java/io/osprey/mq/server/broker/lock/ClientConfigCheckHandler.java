package io.osprey.mq.server.broker.lock;

import io.osprey.mq.protocol.body.CheckClientRequestBody;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.RemotingChannel;
import io.osprey.mq.protocol.transport.RequestException;
import io.osprey.mq.protocol.transport.RequestHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CHECK_CLIENT_CONFIG (46). A consumer sends it at start only for SQL92 subscriptions and fails to start unless
 * answered SUCCESS (reference §4.1). This broker filters by tag only, so an SQL92 subscription is refused here,
 * where the user sees it at {@code start()}, instead of the consumer silently receiving unfiltered messages.
 *
 * <p>It lives beside the orderly locks because both serve consumer start-up and rebalance; it moves to the
 * filtering capability once the broker evaluates SQL92.
 */
public final class ClientConfigCheckHandler implements RequestHandler {
    static final String SQL92_UNSUPPORTED = "SQL92 filtering is not supported by this broker yet";

    @Override
    public CompletionStage<RemotingCommand> handle(RemotingChannel channel, RemotingCommand request) {
        CheckClientRequestBody body = JsonBodies.decode(request.body(), CheckClientRequestBody.class);
        SubscriptionData subscription = body.subscriptionData();
        if (subscription != null && !subscription.isTagExpression()) {
            String type = subscription.expressionType();
            throw new RequestException(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "SQL92".equalsIgnoreCase(type)
                    ? SQL92_UNSUPPORTED : "unknown subscription expression type " + type);
        }
        return CompletableFuture.completedFuture(RemotingCommand.success(request, null, null));
    }
}
