package io.osprey.mq.jms;

import io.osprey.mq.jms.client.XaClient;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XATopicSession;
import javax.transaction.xa.XAResource;

/**
 * An XA session: a session whose transactions a transaction manager runs through its {@link #getXAResource()
 * XAResource}. It is transacted ({@code getTransacted()} is true, the mode SESSION_TRANSACTED), and {@code commit}
 * and {@code rollback} are the transaction manager's: here they raise {@link TransactionInProgressException}. While
 * the resource associates it with a branch its sends are held and what it consumes stays unacknowledged until the
 * association ends; outside a branch it sends and acknowledges at once, as an AUTO_ACKNOWLEDGE session does.
 * Closing it during an association leaves the branch able only to roll back.
 */
final class OspreyXaSession extends OspreySession implements XAQueueSession, XATopicSession {
    private final OspreyXaResource resource;

    OspreyXaSession(OspreyConnection connection, Domain domain, String name) {
        super(connection, Session.AUTO_ACKNOWLEDGE, domain, name);
        this.resource = new OspreyXaResource(new XaClient(connection.client()), name, this::takeUnacknowledged);
    }

    @Override
    public Session getSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        checkOpen();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return true;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return Session.SESSION_TRANSACTED;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("commit() on an XA session: its transaction manager commits");
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("rollback() on an XA session: its transaction manager rolls back");
    }

    /** Outside a branch as an AUTO_ACKNOWLEDGE session's; within one the branch's rollback redelivers. */
    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (resource.isAssociated()) {
            throw new IllegalStateException("recover() on an XA session associated with a branch: roll the branch"
                    + " back instead");
        }
        super.recover();
    }

    @Override
    boolean acknowledgesOnDelivery() {
        return !resource.isAssociated();
    }

    @Override
    TransactionSends transaction() {
        return resource.association();
    }

    @Override
    public void close() throws JMSException {
        super.close();
        resource.sessionClosed();
    }
}
