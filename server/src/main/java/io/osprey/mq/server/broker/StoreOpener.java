package io.osprey.mq.server.broker;

import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.store.MessageStore;
import java.io.IOException;
import java.net.InetSocketAddress;

/** How the broker opens its store: {@link MessageStore#open(StoreConfig, InetSocketAddress)} outside tests. */
@FunctionalInterface
interface StoreOpener {
    MessageStore open(StoreConfig config, InetSocketAddress storeHost) throws IOException;
}
