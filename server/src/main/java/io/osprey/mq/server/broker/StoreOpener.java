package io.osprey.mq.server.broker;

import io.osprey.mq.server.config.StoreConfig;
import io.osprey.mq.server.store.MessageStore;
import io.osprey.mq.server.store.RecordTypes;
import java.io.IOException;
import java.net.InetSocketAddress;

/** How the broker opens its store, with the record types of its owners (the JMS dispatcher's). */
@FunctionalInterface
interface StoreOpener {
    MessageStore open(StoreConfig config, InetSocketAddress storeHost, RecordTypes recordTypes) throws IOException;
}
