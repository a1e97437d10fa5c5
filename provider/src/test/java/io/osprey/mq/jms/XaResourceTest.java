package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XA API (the javadoc of {@code XAConnectionFactory}, {@code XASession}, {@code XAJMSContext} and the X/Open XA
 * contract of {@link XAResource}), driven here as a transaction manager drives it: a branch's sends are invisible and
 * its consumed messages held until it commits, a rollback redelivers and drops the sends, a prepared branch is
 * listed by recover from any connection, and calls out of order get the error codes XA names.
 */
class XaResourceTest {
    private static final long WAIT = 10_000;
    @TempDir
    static Path data;
    static EmbeddedServer server;
    private OspreyXaConnectionFactory factory;
    private XAConnection xaConnection;
    private Connection plain;

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() throws Exception {
        factory = new OspreyXaConnectionFactory(server.url());
        xaConnection = factory.createXAConnection();
        xaConnection.start();
        plain = factory.createConnection();
        plain.start();
    }

    @AfterEach
    void close() throws Exception {
        xaConnection.close();
        plain.close();
    }

    private void send(Queue queue, String text) throws Exception {
        try (Session session = plain.createSession()) {
            session.createProducer(queue).send(session.createTextMessage(text));
        }
    }

    /** What a plain consumer of the queue receives within {@code millis}, acknowledged; null for nothing. */
    private String receiveOne(Queue queue, long millis) throws Exception {
        try (Session session = plain.createSession()) {
            Message m = session.createConsumer(queue).receive(millis);
            return m == null ? null : ((TextMessage) m).getText();
        }
    }

    @Test
    void aTwoPhaseCommitStoresTheBranchsSendsAndAcknowledgesWhatItConsumed() throws Exception {
        Queue in = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-in"));
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        send(in, "order");
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        MessageConsumer consumer = session.createConsumer(in);
        Xid xid = TestXid.fresh();

        resource.start(xid, XAResource.TMNOFLAGS);
        TextMessage got = (TextMessage) consumer.receive(WAIT);
        session.createProducer(out).send(session.createTextMessage("shipped " + got.getText()));
        resource.end(xid, XAResource.TMSUCCESS);
        assertThat(receiveOne(out, 300)).as("invisible until committed").isNull();
        assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_OK);
        assertThat(receiveOne(out, 300)).as("invisible once prepared").isNull();
        resource.commit(xid, false);

        assertThat(receiveOne(out, WAIT)).isEqualTo("shipped order");
        consumer.close();
        assertThat(receiveOne(in, 500)).as("consumed once, by the commit").isNull();
    }

    @Test
    void aRollbackRedeliversWhatTheBranchConsumedAndDropsItsSends() throws Exception {
        Queue in = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-in"));
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        send(in, "order");
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        MessageConsumer consumer = session.createConsumer(in);
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        assertThat(consumer.receive(WAIT)).isNotNull();
        session.createProducer(out).send(session.createTextMessage("never"));
        resource.end(xid, XAResource.TMSUCCESS);
        resource.prepare(xid);

        resource.rollback(xid);

        Message again = consumer.receive(WAIT);
        assertThat(again).isNotNull();
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(receiveOne(out, 500)).as("the send is never visible").isNull();
    }

    @Test
    void aBranchThatDidNothingIsReadOnlyAndOnePhaseCommitCompletesOneThatDid() throws Exception {
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        Xid idle = TestXid.fresh();
        resource.start(idle, XAResource.TMNOFLAGS);
        resource.end(idle, XAResource.TMSUCCESS);
        assertThat(resource.prepare(idle)).isEqualTo(XAResource.XA_RDONLY);

        Xid onePhase = TestXid.fresh();
        resource.start(onePhase, XAResource.TMNOFLAGS);
        session.createProducer(out).send(session.createTextMessage("one phase"));
        resource.end(onePhase, XAResource.TMSUCCESS);
        resource.commit(onePhase, true);

        assertThat(receiveOne(out, WAIT)).isEqualTo("one phase");
    }

    @Test
    void aBranchSpansQueuesAndTopics() throws Exception {
        Queue queue = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-queue"));
        Topic topic = new io.osprey.mq.jms.destination.OspreyTopic(unique("xa-topic"));
        try (Connection subscriber = new OspreyConnectionFactory(server.url() + "?clientId=" + unique("c"))
                .createConnection()) {
            subscriber.start();
            Session reading = subscriber.createSession();
            MessageConsumer durable = reading.createDurableConsumer(topic, "d");
            XASession session = xaConnection.createXASession();
            XAResource resource = session.getXAResource();
            Xid xid = TestXid.fresh();
            resource.start(xid, XAResource.TMNOFLAGS);
            session.createProducer(queue).send(session.createTextMessage("to the queue"));
            session.createProducer(topic).send(session.createTextMessage("to the topic"));
            resource.end(xid, XAResource.TMSUCCESS);
            resource.prepare(xid);
            assertThat(durable.receive(300)).isNull();

            resource.commit(xid, false);

            assertThat(((TextMessage) durable.receive(WAIT)).getText()).isEqualTo("to the topic");
            assertThat(receiveOne(queue, WAIT)).isEqualTo("to the queue");
        }
    }

    @Test
    void aPreparedBranchIsListedByRecoverFromAnyConnectionUntilItCompletes() throws Exception {
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        TestXid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        session.createProducer(out).send(session.createTextMessage("in doubt"));
        resource.end(xid, XAResource.TMSUCCESS);
        resource.prepare(xid);
        xaConnection.close();

        try (XAConnection recovery = factory.createXAConnection()) {
            XAResource other = recovery.createXASession().getXAResource();
            Xid[] listed = other.recover(XAResource.TMSTARTRSCAN);
            assertThat(Arrays.stream(listed).anyMatch(xid::sameAs)).isTrue();
            assertThat(other.recover(XAResource.TMNOFLAGS)).as("all came with the scan's start").isEmpty();
            assertThat(other.recover(XAResource.TMENDRSCAN)).isEmpty();
            assertThatThrownBy(() -> other.recover(XAResource.TMNOFLAGS)).isInstanceOf(XAException.class)
                    .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_INVAL));

            other.commit(listed[Arrays.asList(listed).indexOf(Arrays.stream(listed).filter(xid::sameAs)
                    .findFirst().orElseThrow())], false);

            assertThat(receiveOne(out, WAIT)).isEqualTo("in doubt");
            assertThat(Arrays.stream(other.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                    .noneMatch(xid::sameAs)).isTrue();
        }
        xaConnection = factory.createXAConnection();
    }

    @Test
    void anUnpreparedBranchRollsBackWhenItsConnectionCloses() throws Exception {
        Queue in = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-in"));
        send(in, "held");
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        assertThat(session.createConsumer(in).receive(WAIT)).isNotNull();
        resource.end(xid, XAResource.TMSUCCESS);

        xaConnection.close();

        try (Session reading = plain.createSession()) {
            Message again = reading.createConsumer(in).receive(WAIT);
            assertThat(again).isNotNull();
            assertThat(again.getJMSRedelivered()).isTrue();
        }
        xaConnection = factory.createXAConnection();
    }

    @Test
    void theBrokerRollsBackABranchNotPreparedWithinTheResourcesTimeout() throws Exception {
        Queue in = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-in"));
        send(in, "slow");
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        assertThat(resource.getTransactionTimeout()).isZero();
        assertThat(resource.setTransactionTimeout(1)).isTrue();
        assertThat(resource.getTransactionTimeout()).isEqualTo(1);
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        MessageConsumer consumer = session.createConsumer(in);
        assertThat(consumer.receive(WAIT)).isNotNull();
        resource.end(xid, XAResource.TMSUCCESS);

        Message again = consumer.receive(WAIT);
        assertThat(again).as("rolled back by the broker, redelivered").isNotNull();
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThatThrownBy(() -> resource.prepare(xid)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XA_RBTIMEOUT));
        assertThatThrownBy(() -> resource.setTransactionTimeout(-1)).isInstanceOf(XAException.class);
    }

    @Test
    void anXaSessionIsTransactedAndLeavesCommitAndRollbackToTheTransactionManager() throws Exception {
        XASession session = xaConnection.createXASession();

        assertThat(session.getTransacted()).isTrue();
        assertThat(session.getSession().getTransacted()).isTrue();
        assertThat(session.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
        assertThatThrownBy(session::commit).isInstanceOf(TransactionInProgressException.class);
        assertThatThrownBy(session::rollback).isInstanceOf(TransactionInProgressException.class);
        assertThat(xaConnection.createSession()).as("createSession makes an ordinary session")
                .isNotInstanceOf(XASession.class);
    }

    @Test
    void outsideABranchAnXaSessionSendsAndAcknowledgesAtOnce() throws Exception {
        Queue queue = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-plain"));
        XASession session = xaConnection.createXASession();
        session.createProducer(queue).send(session.createTextMessage("at once"));
        MessageConsumer consumer = session.createConsumer(queue);

        assertThat(((TextMessage) consumer.receive(WAIT)).getText()).isEqualTo("at once");
        consumer.close();
        session.close();
        assertThat(receiveOne(queue, 500)).as("acknowledged when received").isNull();
    }

    @Test
    void anXaContextWorksForABranchAndLeavesCommitToTheTransactionManager() throws Exception {
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        try (XAJMSContext context = factory.createXAContext()) {
            XAResource resource = context.getXAResource();
            assertThat(context.getTransacted()).isTrue();
            assertThat(context.getContext()).isSameAs(context);
            assertThatThrownBy(context::commit).isInstanceOf(TransactionInProgressRuntimeException.class);
            assertThatThrownBy(context::rollback).isInstanceOf(TransactionInProgressRuntimeException.class);
            Xid xid = TestXid.fresh();
            resource.start(xid, XAResource.TMNOFLAGS);
            context.createProducer().send(out, "from a context");
            resource.end(xid, XAResource.TMSUCCESS);
            assertThat(receiveOne(out, 300)).isNull();
            resource.prepare(xid);
            resource.commit(xid, false);
        }
        assertThat(receiveOne(out, WAIT)).isEqualTo("from a context");
    }

    @Test
    void twoResourcesOfTheSameBrokerAreTheSameResourceManagerAndJoinOneBranch() throws Exception {
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        XAResource first = xaConnection.createXASession().getXAResource();
        try (XAConnection other = factory.createXAConnection()) {
            XASession secondSession = other.createXASession();
            XAResource second = secondSession.getXAResource();
            assertThat(first.isSameRM(second)).isTrue();
            assertThat(first.isSameRM(null)).isFalse();
            Xid xid = TestXid.fresh();
            first.start(xid, XAResource.TMNOFLAGS);
            second.start(xid, XAResource.TMJOIN);
            secondSession.createProducer(out).send(secondSession.createTextMessage("joined"));
            second.end(xid, XAResource.TMSUCCESS);
            first.end(xid, XAResource.TMSUCCESS);
            assertThat(first.prepare(xid)).isEqualTo(XAResource.XA_OK);
            first.commit(xid, false);
        }
        assertThat(receiveOne(out, WAIT)).isEqualTo("joined");
    }

    @Test
    void aSuspendedAssociationResumesOnTheSameSession() throws Exception {
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        var producer = session.createProducer(out);
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        producer.send(session.createTextMessage("before"));
        resource.end(xid, XAResource.TMSUSPEND);
        producer.send(session.createTextMessage("between, outside the branch"));
        resource.start(xid, XAResource.TMRESUME);
        producer.send(session.createTextMessage("after"));
        resource.end(xid, XAResource.TMSUCCESS);
        assertThat(receiveOne(out, WAIT)).isEqualTo("between, outside the branch");

        resource.commit(xid, true);

        assertThat(receiveOne(out, WAIT)).isEqualTo("before");
        assertThat(receiveOne(out, WAIT)).isEqualTo("after");
    }

    @Test
    void closingTheSessionDuringAnAssociationLeavesTheBranchAbleOnlyToRollBack() throws Exception {
        Queue in = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-in"));
        send(in, "kept");
        XASession session = xaConnection.createXASession();
        XAResource resource = session.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        assertThat(session.createConsumer(in).receive(WAIT)).isNotNull();

        session.close();

        assertXaError(() -> resource.end(xid, XAResource.TMSUCCESS), XAException.XA_RBROLLBACK);
        assertXaError(() -> resource.prepare(xid), XAException.XA_RBROLLBACK);
        Message again = plain.createSession().createConsumer(in).receive(WAIT);
        assertThat(again).isNotNull();
        assertThat(again.getJMSRedelivered()).isTrue();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void callsOnAnUnknownBranchAreXaerNota() throws Exception {
        XAResource resource = xaConnection.createXASession().getXAResource();
        Xid nobody = TestXid.fresh();

        assertXaError(() -> resource.commit(nobody, false), XAException.XAER_NOTA);
        assertXaError(() -> resource.commit(nobody, true), XAException.XAER_NOTA);
        assertXaError(() -> resource.rollback(nobody), XAException.XAER_NOTA);
        assertXaError(() -> resource.prepare(nobody), XAException.XAER_NOTA);
        assertXaError(() -> resource.forget(nobody), XAException.XAER_NOTA);
        assertXaError(() -> resource.start(nobody, XAResource.TMJOIN), XAException.XAER_NOTA);
    }

    @Test
    void aTwoPhaseCommitBeforePrepareIsXaerProto() throws Exception {
        XAResource resource = xaConnection.createXASession().getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        assertXaError(() -> resource.prepare(xid), XAException.XAER_PROTO); // still associated
        resource.end(xid, XAResource.TMSUCCESS);

        assertXaError(() -> resource.commit(xid, false), XAException.XAER_PROTO);

        assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_RDONLY);
    }

    @Test
    void startingTwiceIsXaerProtoOnTheSameSessionAndXaerDupidOnAnother() throws Exception {
        XAResource first = xaConnection.createXASession().getXAResource();
        XAResource second = xaConnection.createXASession().getXAResource();
        Xid xid = TestXid.fresh();
        first.start(xid, XAResource.TMNOFLAGS);

        assertXaError(() -> first.start(xid, XAResource.TMNOFLAGS), XAException.XAER_PROTO);
        assertXaError(() -> first.start(TestXid.fresh(), XAResource.TMNOFLAGS), XAException.XAER_PROTO);
        assertXaError(() -> second.start(xid, XAResource.TMNOFLAGS), XAException.XAER_DUPID);
        assertXaError(() -> second.start(xid, XAResource.TMRESUME), XAException.XAER_PROTO);

        first.end(xid, XAResource.TMSUCCESS);
        first.rollback(xid);
    }

    @Test
    void endingAnotherThreadsBranchIsXaerProtoAndLeavesThatBranchAlone() throws Exception {
        Queue out = new io.osprey.mq.jms.destination.OspreyQueue(unique("xa-out"));
        XASession owning = xaConnection.createXASession();
        XAResource owner = owning.getXAResource();
        XAResource stranger = xaConnection.createXASession().getXAResource();
        Xid xid = TestXid.fresh();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                owner.start(xid, XAResource.TMNOFLAGS);
                owning.createProducer(out).send(owning.createTextMessage("its own"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.get(WAIT, TimeUnit.MILLISECONDS);

        assertXaError(() -> stranger.end(xid, XAResource.TMSUCCESS), XAException.XAER_PROTO);

        owner.end(xid, XAResource.TMSUCCESS);
        owner.commit(xid, true);
        assertThat(receiveOne(out, WAIT)).isEqualTo("its own");
    }

    @Test
    void invalidArgumentsAreXaerInval() throws Exception {
        XAResource resource = xaConnection.createXASession().getXAResource();

        assertXaError(() -> resource.start(null, XAResource.TMNOFLAGS), XAException.XAER_INVAL);
        assertXaError(() -> resource.start(new TestXid(1, new byte[65], new byte[0]), XAResource.TMNOFLAGS),
                XAException.XAER_INVAL);
        assertXaError(() -> resource.start(TestXid.fresh(), XAResource.TMSUCCESS), XAException.XAER_INVAL);
        assertXaError(() -> resource.end(TestXid.fresh(), XAResource.TMJOIN), XAException.XAER_INVAL);
        assertXaError(() -> resource.recover(XAResource.TMJOIN), XAException.XAER_INVAL);
        assertXaError(() -> resource.end(TestXid.fresh(), XAResource.TMSUCCESS), XAException.XAER_PROTO);
    }

    @Test
    void aClosedConnectionsResourceIsUnavailable() throws Exception {
        XAResource resource = xaConnection.createXASession().getXAResource();
        xaConnection.close();

        assertXaError(() -> resource.recover(XAResource.TMSTARTRSCAN), XAException.XAER_RMFAIL);
        assertXaError(() -> resource.start(TestXid.fresh(), XAResource.TMNOFLAGS), XAException.XAER_RMFAIL);
        xaConnection = factory.createXAConnection();
    }

    @FunctionalInterface
    private interface XaCall {
        void run() throws Exception;
    }

    private static void assertXaError(XaCall call, int errorCode) {
        assertThatThrownBy(call::run).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).as(e.getMessage()).isEqualTo(errorCode));
    }
}
