package io.osprey.mq.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAJMSContext;
import javax.transaction.xa.XAResource;

/**
 * The simplified API's XA context: a context whose session is an {@link OspreyXaSession}, made on first need, so it
 * is transacted and its {@code commit} and {@code rollback} raise {@link TransactionInProgressRuntimeException}: its
 * transaction manager completes its branches through {@link #getXAResource()}.
 */
final class OspreyXaJmsContext extends OspreyJmsContext implements XAJMSContext {

    private OspreyXaJmsContext(SharedConnection shared) {
        super(shared, SESSION_TRANSACTED);
    }

    /** The factory's {@code createXAContext}: an XA connection of its own. */
    static XAJMSContext open(OspreyXaConnection connection) {
        return new OspreyXaJmsContext(new SharedConnection(connection));
    }

    @Override
    OspreySession openSession() throws JMSException {
        return ((OspreyXaConnection) connection()).newXaSession(OspreySession.Domain.ANY);
    }

    @Override
    public JMSContext getContext() {
        session(); // refuses a closed context
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return ((OspreyXaSession) session()).getXAResource();
    }

    @Override
    public void commit() {
        session();
        throw new TransactionInProgressRuntimeException("commit() on an XA context: its transaction manager"
                + " commits");
    }

    @Override
    public void rollback() {
        session();
        throw new TransactionInProgressRuntimeException("rollback() on an XA context: its transaction manager rolls"
                + " back");
    }
}
