package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import io.osprey.mq.jms.destination.OspreyQueue;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XA with a real transaction manager (Narayana) and a second real resource manager (an H2 database): a JMS send, a
 * JMS receive and a JDBC insert in one distributed transaction all commit or none does, whether the application
 * rolls back or another resource votes no at prepare; a message consumed and sent on in one transaction moves exactly
 * once, or comes back redelivered with the send never seen.
 */
class XaTransactionManagerTest {
    private static final long WAIT = 10_000;
    @TempDir
    static Path data;
    @TempDir
    static Path objectStore;
    static EmbeddedServer server;
    static TransactionManager tm;
    static JdbcDataSource database;

    private OspreyXaConnectionFactory factory;
    private XAConnection xaConnection;
    private Connection plain;
    private final List<javax.sql.XAConnection> databaseConnections = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(data.resolve("server"));
        BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class)
                .setObjectStoreDir(objectStore.toString());
        BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "communicationStore")
                .setObjectStoreDir(objectStore.toString());
        BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).setNodeIdentifier("osprey-xa-test");
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        database = new JdbcDataSource();
        // a database on disk: H2 keeps prepared (in-doubt) transactions in its store's log, which memory has not
        database.setURL("jdbc:h2:file:" + data.resolve("orders"));
        try (java.sql.Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id VARCHAR(64) PRIMARY KEY)");
        }
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
        for (javax.sql.XAConnection c : databaseConnections) {
            c.close();
        }
    }

    /** Begins a transaction with the XA session's and a database connection's resources enlisted. */
    private java.sql.Connection begin(XASession session) throws Exception {
        tm.begin();
        Transaction tx = tm.getTransaction();
        javax.sql.XAConnection db = database.getXAConnection();
        databaseConnections.add(db);
        assertThat(tx.enlistResource(session.getXAResource())).isTrue();
        assertThat(tx.enlistResource(db.getXAResource())).isTrue();
        return db.getConnection();
    }

    private static void insert(java.sql.Connection db, String id) throws Exception {
        try (PreparedStatement s = db.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private static boolean inserted(String id) throws Exception {
        try (java.sql.Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM orders WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1) == 1;
            }
        }
    }

    private void send(Queue queue, String text) throws Exception {
        try (Session session = plain.createSession()) {
            session.createProducer(queue).send(session.createTextMessage(text));
        }
    }

    private List<String> drain(Queue queue, long firstWaitMillis) throws Exception {
        List<String> texts = new ArrayList<>();
        try (Session session = plain.createSession()) {
            MessageConsumer consumer = session.createConsumer(queue);
            for (Message m = consumer.receive(firstWaitMillis); m != null; m = consumer.receive(300)) {
                texts.add(((TextMessage) m).getText());
            }
        }
        return texts;
    }

    @Test
    void aJmsSendAndAJdbcInsertCommitTogether() throws Exception {
        Queue out = new OspreyQueue(unique("tm-out"));
        String id = unique("order");
        XASession session = xaConnection.createXASession();
        java.sql.Connection db = begin(session);
        session.createProducer(out).send(session.createTextMessage(id));
        insert(db, id);

        tm.commit();

        assertThat(inserted(id)).isTrue();
        assertThat(drain(out, WAIT)).containsExactly(id);
    }

    @Test
    void aRollbackUndoesBothTheSendAndTheInsert() throws Exception {
        Queue out = new OspreyQueue(unique("tm-out"));
        String id = unique("order");
        XASession session = xaConnection.createXASession();
        java.sql.Connection db = begin(session);
        session.createProducer(out).send(session.createTextMessage(id));
        insert(db, id);

        tm.rollback();

        assertThat(inserted(id)).isFalse();
        assertThat(drain(out, 500)).isEmpty();
    }

    @Test
    void whenAnotherResourceVotesNoAtPrepareNeitherTheSendNorTheInsertHappens() throws Exception {
        Queue out = new OspreyQueue(unique("tm-out"));
        String id = unique("order");
        XASession session = xaConnection.createXASession();
        java.sql.Connection db = begin(session);
        session.createProducer(out).send(session.createTextMessage(id));
        insert(db, id);
        VotesNo refuser = new VotesNo();
        tm.getTransaction().enlistResource(refuser);

        assertThatThrownBy(tm::commit).isInstanceOf(RollbackException.class);

        assertThat(refuser.prepared).as("prepare reached the last resource: ours was prepared before it").isTrue();
        assertThat(inserted(id)).isFalse();
        assertThat(drain(out, 500)).isEmpty();
        XAResource resource = xaConnection.createXASession().getXAResource();
        assertThat(resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                .as("the prepared branch was rolled back, not left in doubt").isEmpty();
    }

    @Test
    void aMessageConsumedAndSentOnInOneTransactionMovesExactlyOnce() throws Exception {
        Queue in = new OspreyQueue(unique("tm-in"));
        Queue out = new OspreyQueue(unique("tm-out"));
        send(in, "parcel");
        XASession session = xaConnection.createXASession();
        MessageConsumer consumer = session.createConsumer(in);
        java.sql.Connection db = begin(session);
        TextMessage got = (TextMessage) consumer.receive(WAIT);
        session.createProducer(out).send(session.createTextMessage("moved " + got.getText()));
        insert(db, "parcel-" + out.getQueueName());

        tm.commit();

        consumer.close();
        assertThat(drain(out, WAIT)).containsExactly("moved parcel");
        assertThat(drain(in, 500)).as("consumed by the commit, never redelivered").isEmpty();
        assertThat(inserted("parcel-" + out.getQueueName())).isTrue();
    }

    @Test
    void aRolledBackConsumeAndSendRedeliversAndTheSendIsNeverVisible() throws Exception {
        Queue in = new OspreyQueue(unique("tm-in"));
        Queue out = new OspreyQueue(unique("tm-out"));
        send(in, "parcel");
        XASession session = xaConnection.createXASession();
        MessageConsumer consumer = session.createConsumer(in);
        java.sql.Connection db = begin(session);
        assertThat(consumer.receive(WAIT)).isNotNull();
        session.createProducer(out).send(session.createTextMessage("moved parcel"));
        insert(db, "parcel-" + out.getQueueName());

        tm.rollback();

        Message again = consumer.receive(WAIT);
        assertThat(again).isNotNull();
        assertThat(((TextMessage) again).getText()).isEqualTo("parcel");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        consumer.close();
        assertThat(drain(out, 500)).isEmpty();
        assertThat(inserted("parcel-" + out.getQueueName())).isFalse();
    }

    @Test
    void twoXaSessionsOfTwoConnectionsCommitInOneTransaction() throws Exception {
        Queue out = new OspreyQueue(unique("tm-out"));
        XASession first = xaConnection.createXASession();
        try (XAConnection other = factory.createXAConnection()) {
            XASession second = other.createXASession();
            java.sql.Connection db = begin(first);
            assertThat(tm.getTransaction().enlistResource(second.getXAResource())).isTrue();
            first.createProducer(out).send(first.createTextMessage("first"));
            second.createProducer(out).send(second.createTextMessage("second"));
            insert(db, "two-sessions-" + out.getQueueName());
    
            tm.commit();
        }
        assertThat(drain(out, WAIT)).containsExactlyInAnyOrder("first", "second");
    }

    /** A resource manager that votes to roll back: what makes a transaction manager abort after others prepared. */
    private static final class VotesNo implements XAResource {
        volatile boolean prepared;

        @Override
        public int prepare(Xid xid) throws XAException {
            prepared = true;
            throw new XAException(XAException.XA_RBROLLBACK);
        }

        @Override
        public void commit(Xid xid, boolean onePhase) {
        }

        @Override
        public void end(Xid xid, int flags) {
        }

        @Override
        public void forget(Xid xid) {
        }

        @Override
        public int getTransactionTimeout() {
            return 0;
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return false;
        }

        @Override
        public Xid[] recover(int flag) {
            return new Xid[0];
        }

        @Override
        public void rollback(Xid xid) {
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            return false;
        }

        @Override
        public void start(Xid xid, int flags) {
        }
    }
}
