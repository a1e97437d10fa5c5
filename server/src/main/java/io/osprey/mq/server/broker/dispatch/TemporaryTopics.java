package io.osprey.mq.server.broker.dispatch;

import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.RequestException;
import java.util.concurrent.CompletableFuture;

/** Creates and deletes the topics behind temporary destinations on this broker. */
public interface TemporaryTopics {
    /** For a dispatcher without temporary destinations: every create is refused. */
    TemporaryTopics REFUSED = new TemporaryTopics() {
        @Override
        public CompletableFuture<Void> create(String topic) {
            return CompletableFuture.failedFuture(new RequestException(ResponseCode.ILLEGAL_STATE,
                    "this broker does not create temporary destinations"));
        }

        @Override
        public CompletableFuture<Void> delete(String topic) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /** Creates the topic; completes once the NameServers route it to this broker. */
    CompletableFuture<Void> create(String topic);

    /** Deletes the topic and makes its stored messages unreachable. */
    CompletableFuture<Void> delete(String topic);
}
