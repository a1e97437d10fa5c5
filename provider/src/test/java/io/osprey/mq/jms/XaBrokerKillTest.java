package io.osprey.mq.jms;

import static io.osprey.mq.jms.JmsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.jms.destination.OspreyQueue;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prepared XA branches survive a broker SIGKILL: the server runs in a child process; four branches each consume a
 * message of In and send a copy to Out and are prepared, a fifth does the same and is not prepared, then the server is
 * killed and started again on its data. {@code recover()} lists exactly the four prepared branches; two commit and
 * two roll back as asked; Out then holds exactly the committed copies, and In exactly the rolled-back messages, the
 * unprepared branch's and the one no branch touched — the branches' messages redelivered — and nothing else.
 */
class XaBrokerKillTest {
    private static final long WAIT = 10_000;

    @TempDir
    Path data;

    @Test
    void preparedBranchesSurviveABrokerSigkillAndCompleteAsAsked() throws Exception {
        Queue in = new OspreyQueue(unique("kill-in"));
        Queue out = new OspreyQueue(unique("kill-out"));
        Map<TestXid, String> prepared = new LinkedHashMap<>();
        ServerProcess first = ServerProcess.start(data);
        XAConnection killed = null;
        try {
            OspreyXaConnectionFactory factory = new OspreyXaConnectionFactory(first.url());
            try (Connection plain = factory.createConnection()) {
                Session session = plain.createSession();
                for (int i = 0; i < 6; i++) {
                    session.createProducer(in).send(session.createTextMessage("m" + i));
                }
            }
            killed = factory.createXAConnection();
            killed.start();
            XASession session = killed.createXASession();
            XAResource resource = session.getXAResource();
            MessageConsumer consumer = session.createConsumer(in);
            for (int i = 0; i < 5; i++) {
                TestXid xid = TestXid.fresh();
                resource.start(xid, XAResource.TMNOFLAGS);
                String text = ((TextMessage) consumer.receive(WAIT)).getText();
                session.createProducer(out).send(session.createTextMessage("copy of " + text));
                resource.end(xid, XAResource.TMSUCCESS);
                if (i < 4) {
                    assertThat(resource.prepare(xid)).isEqualTo(XAResource.XA_OK);
                    prepared.put(xid, text);
                }
            }
        } finally {
            first.kill();
            if (killed != null) {
                killed.close(); // its broker is gone: only the client side closes
            }
        }

        try (ServerProcess second = ServerProcess.start(data)) {
            OspreyXaConnectionFactory factory = new OspreyXaConnectionFactory(second.url());
            try (XAConnection connection = factory.createXAConnection();
                 Connection plain = factory.createConnection()) {
                plain.start();
                XAResource resource = connection.createXASession().getXAResource();
                Xid[] listed = resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
                assertThat(listed).hasSize(prepared.size());
                List<TestXid> order = new ArrayList<>(prepared.keySet());
                for (TestXid xid : order) {
                    assertThat(Arrays.stream(listed).anyMatch(xid::sameAs)).as("%s listed", prepared.get(xid))
                            .isTrue();
                }
                List<String> committed = new ArrayList<>();
                List<String> rolledBack = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    TestXid xid = order.get(i);
                    if (i % 2 == 0) {
                        resource.commit(xid, false);
                        committed.add("copy of " + prepared.get(xid));
                    } else {
                        resource.rollback(xid);
                        rolledBack.add(prepared.get(xid));
                    }
                }
                assertThat(resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).isEmpty();

                Session reading = plain.createSession();
                assertThat(drain(reading.createConsumer(out))).containsExactlyInAnyOrderElementsOf(committed);
                List<Message> left = new ArrayList<>();
                MessageConsumer inConsumer = reading.createConsumer(in);
                for (Message m = inConsumer.receive(WAIT); m != null; m = inConsumer.receive(500)) {
                    left.add(m);
                }
                List<String> texts = new ArrayList<>();
                for (Message m : left) {
                    texts.add(((TextMessage) m).getText());
                }
                List<String> expected = new ArrayList<>(rolledBack);
                expected.add("m4"); // the unprepared branch's: rolled back with the crash
                expected.add("m5"); // no branch took it
                assertThat(texts).containsExactlyInAnyOrderElementsOf(expected);
                for (Message m : left) {
                    if (!((TextMessage) m).getText().equals("m5")) {
                        assertThat(m.getJMSRedelivered()).as("%s redelivered", ((TextMessage) m).getText())
                                .isTrue();
                    }
                }
            }
        }
    }

    private static List<String> drain(MessageConsumer consumer) throws Exception {
        List<String> texts = new ArrayList<>();
        for (Message m = consumer.receive(WAIT); m != null; m = consumer.receive(500)) {
            texts.add(((TextMessage) m).getText());
        }
        return texts;
    }
}
