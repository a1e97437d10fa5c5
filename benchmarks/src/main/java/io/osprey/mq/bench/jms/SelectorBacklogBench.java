package io.osprey.mq.bench.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A selector consumer on a backlog: fills a fresh queue with {@code --backlog} persistent messages of which every
 * {@code --match-every}-th carries {@code kind = 'match'} (the others {@code kind = 'other'}), then opens one consumer
 * with the selector {@code kind = 'match'} and times how long it takes to receive every matching message. Only
 * Jakarta Messaging and JNDI: the ConnectionFactory comes from a {@code jndi.properties} file, so the same run
 * measures any provider (Osprey, Artemis) whose client is on the class path.
 *
 * <p>The fill uses transacted sessions committing every {@code --fill-batch} messages (its rate is reported, not the
 * point). The figure is the consumer's: matching messages per second from the first {@code receive} call to the
 * last match, and the time to the first match. A provider that evaluates the selector where the messages are
 * stored reads past the non-matching ones; one that must page them through memory pays for every one of them.
 */
@Command(name = "selector-backlog", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time a JMS selector consumer matching a fraction of a queue's backlog.")
public final class SelectorBacklogBench implements Callable<Integer> {
    @Option(names = "--jndi", required = true, description = "jndi.properties file naming the ConnectionFactory")
    String jndi;
    @Option(names = "--cf", description = "JNDI name of the ConnectionFactory (default ${DEFAULT-VALUE})")
    String connectionFactory = "ConnectionFactory";
    @Option(names = "--queue", description = "physical queue name; a fresh one per run by default")
    String queue;
    @Option(names = "--backlog", description = "messages in the backlog (default ${DEFAULT-VALUE})")
    int backlog = 1_000_000;
    @Option(names = "--match-every", description = "every n-th message matches (default ${DEFAULT-VALUE})")
    int matchEvery = 100;
    @Option(names = "--size", description = "body bytes (default ${DEFAULT-VALUE})")
    int size = 1024;
    @Option(names = "--fill-batch", description = "messages per fill transaction (default ${DEFAULT-VALUE})")
    int fillBatch = 1000;
    @Option(names = "--timeout", description = "seconds the consumer may take before the run fails (default ${DEFAULT-VALUE})")
    double timeoutSeconds = 600;
    @Option(names = "--no-fill", description = "consume from --queue as it is (filled by an earlier run with the same options)")
    boolean noFill;
    @Option(names = "--fill-only", description = "fill --queue and stop (for a later --no-fill run)")
    boolean fillOnly;
    @Option(names = "--label", description = "label in the RESULT line")
    String label = "-";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    public SelectorBacklogBench() {
        this(System.out);
    }

    SelectorBacklogBench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SelectorBacklogBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (backlog < 1 || matchEvery < 1 || fillBatch < 1 || size < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--backlog, --match-every and --fill-batch must be at least 1, --size at least 0");
        }
        if ((noFill || fillOnly) && queue == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--no-fill and --fill-only need --queue");
        }
        String name = queue != null ? queue : "selectorBacklog" + UUID.randomUUID().toString().substring(0, 8);
        ConnectionFactory factory = lookUp();
        int matching = matchingCount();
        out.printf(Locale.ROOT, "selector-backlog cf=%s queue=%s backlog=%d matching=%d size=%d%n",
                factory.getClass().getName(), name, backlog, matching, size);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            double fillSeconds = noFill ? Double.NaN : fill(connection, name);
            out.printf(Locale.ROOT, "fill: %d messages in %.1f s -> %.0f msg/s%n", backlog, fillSeconds,
                    backlog / fillSeconds);
            if (fillOnly) {
                return 0;
            }
            Result result = consumeMatching(connection, name, matching);
            out.printf(Locale.ROOT, "selector consumer: %d of %d matching in %.2f s -> %.0f msg/s; first after %.1f ms%n",
                    result.received, matching, result.seconds, result.received / result.seconds,
                    result.firstMillis);
            boolean ok = result.received == matching && result.wrong == 0;
            if (result.wrong > 0) {
                out.printf(Locale.ROOT, "ERROR: %d received messages did not match the selector%n", result.wrong);
            }
            out.printf(Locale.ROOT, "RESULT tool=selector-backlog label=%s backlog=%d matching=%d size=%d "
                            + "fill_msg_s=%.0f match_received=%d match_seconds=%.3f match_msg_s=%.0f first_ms=%.1f ok=%s%n",
                    label, backlog, matching, size, backlog / fillSeconds, result.received, result.seconds,
                    result.received / result.seconds, result.firstMillis, ok);
            return ok ? 0 : 1;
        }
    }

    int matchingCount() {
        return (backlog + matchEvery - 1) / matchEvery;
    }

    private ConnectionFactory lookUp() throws IOException, NamingException {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(jndi)) {
            properties.load(in);
        }
        Context context = new InitialContext(new Hashtable<>(properties));
        try {
            return (ConnectionFactory) context.lookup(connectionFactory);
        } finally {
            context.close();
        }
    }

    private double fill(Connection connection, String name) throws JMSException {
        byte[] body = new byte[size];
        long start = System.nanoTime();
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            Queue destination = session.createQueue(name);
            MessageProducer producer = session.createProducer(destination);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < backlog; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                message.setStringProperty("kind", i % matchEvery == 0 ? "match" : "other");
                message.setIntProperty("seq", i);
                producer.send(message);
                if ((i + 1) % fillBatch == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private record Result(int received, int wrong, double seconds, double firstMillis) {
    }

    private Result consumeMatching(Connection connection, String name, int matching) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            long start = System.nanoTime();
            long deadline = start + (long) (timeoutSeconds * 1e9);
            MessageConsumer consumer = session.createConsumer(session.createQueue(name), "kind = 'match'");
            int received = 0;
            int wrong = 0;
            long first = -1;
            long last = start;
            while (received < matching) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                Message message = consumer.receive(Math.min(left, 1_000));
                if (message == null) {
                    continue;
                }
                last = System.nanoTime();
                if (first < 0) {
                    first = last;
                }
                received++;
                if (!"match".equals(message.getStringProperty("kind"))) {
                    wrong++;
                }
            }
            double seconds = Math.max(1e-9, (last - start) / 1e9);
            return new Result(received, wrong, seconds, first < 0 ? -1 : (first - start) / 1e6);
        }
    }
}
