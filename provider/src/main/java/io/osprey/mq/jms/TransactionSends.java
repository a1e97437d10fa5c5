package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import jakarta.jms.JMSException;
import java.util.Set;

/**
 * Where a session's producers put their sends while a transaction is in progress, a local one
 * ({@link LocalTransaction}) or an XA branch's association ({@link XaAssociation}): held until it ends, not stored
 * at once.
 */
interface TransactionSends {
    /** Brokers the transaction already uses: its sends prefer them. */
    Set<String> brokers();

    /** Takes a send into the transaction. */
    void add(ClientConnection.TransactionalSend send) throws JMSException;
}
