package io.osprey.mq.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Load tool: {@code P} producers and {@code C} push consumers (one consumer group, CLUSTERING) on the stock
 * RocketMQ 5.3 client, each its own client instance. It creates a fresh topic per run, waits until rebalance
 * has assigned every queue, warms up, measures for a duration or a message count, then lets the consumers
 * drain and prints the figures and a final {@code RESULT key=value ...} line.
 *
 * <p>Producer throughput = measured sends / (first measured send .. last acknowledgement); consumer throughput =
 * measured receipts / (first .. last measured receipt). End-to-end latency = receipt time minus the
 * {@code System.nanoTime()} stamped just before {@code send}; send latency = the blocking {@code send()}.
 * Warm-up messages are received but not measured.
 */
@Command(name = "osprey-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Producers and push consumers on the stock RocketMQ client; throughput and latency.")
public final class LoadTool implements Callable<Integer> {
    static final long HISTOGRAM_MAX_MICROS = TimeUnit.MINUTES.toMicros(5);
    static final int HISTOGRAM_DIGITS = 3;
    private static final long REBALANCE_TIMEOUT_MILLIS = 60_000;

    @Option(names = "--namesrv", description = "NameServer address(es), host:port;host:port (default ${DEFAULT-VALUE})")
    String namesrv = "127.0.0.1:9876";
    @Option(names = "--producers", description = "producer threads, one client each (default ${DEFAULT-VALUE})")
    int producers = 1;
    @Option(names = "--consumers", description = "push consumers, one client each (default ${DEFAULT-VALUE})")
    int consumers = 1;
    @Option(names = "--size", description = "message body bytes (default ${DEFAULT-VALUE})")
    int sizeBytes = 1024;
    @Option(names = "--duration", description = "measured seconds (default ${DEFAULT-VALUE}); see --messages")
    double durationSeconds = 20;
    @Option(names = "--messages", description = "measured messages in total; overrides --duration when > 0")
    long messages;
    @Option(names = "--warmup-seconds", description = "warm-up seconds, not measured (default ${DEFAULT-VALUE})")
    double warmUpSeconds = 5;
    @Option(names = "--warmup", description = "warm-up messages in total; overrides --warmup-seconds when > 0")
    long warmUpMessages;
    @Option(names = "--rate", description = "total send rate in msg/s, paced; 0 = unthrottled (default)")
    double rate;
    @Option(names = "--queues", description = "queues of the topic created for the run (default ${DEFAULT-VALUE})")
    int queues = 8;
    @Option(names = "--topic", description = "use this existing topic instead of creating one")
    String topic;
    @Option(names = "--consume-threads", description = "consume threads per consumer (default ${DEFAULT-VALUE})")
    int consumeThreads = 20;
    @Option(names = "--pull-batch", description = "messages per pull (default ${DEFAULT-VALUE})")
    int pullBatch = 32;
    @Option(names = "--send-timeout-ms", description = "send timeout (default ${DEFAULT-VALUE})")
    int sendTimeoutMillis = 10_000;
    @Option(names = "--drain-timeout", description = "seconds to wait for consumers after the last send (default ${DEFAULT-VALUE})")
    double drainTimeoutSeconds = 60;
    @Option(names = "--label", description = "label in the report (default: <P>x<C>-<size>)")
    String label;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    public LoadTool() {
        this(System.out);
    }

    LoadTool(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    /** Parses {@code args}, runs, prints to {@code out}; 0 = ok, 1 = the run was not ok, 2 = bad arguments. */
    static int run(PrintStream out, String... args) {
        return new CommandLine(new LoadTool(out)).execute(args);
    }

    static Histogram newHistogram() {
        return new Histogram(HISTOGRAM_MAX_MICROS, HISTOGRAM_DIGITS);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String runTopic = topic != null ? topic : "LoadTopic-" + runId;
        String runLabel = label != null ? label : producers + "x" + consumers + "-" + sizeBytes;
        List<DefaultMQProducer> producerClients = new ArrayList<>();
        List<DefaultMQPushConsumer> consumerClients = new ArrayList<>();
        try {
            DefaultMQProducer admin = producer("load-admin-" + runId, runId);
            producerClients.add(admin);
            int queueCount = topic != null ? BenchTopic.awaitRoute(admin, runTopic, 1)
                    : BenchTopic.create(admin, runTopic, queues);
            ConsumerSide side = new ConsumerSide(runId);
            for (int i = 0; i < consumers; i++) {
                consumerClients.add(consumer(i, runId, runTopic, side));
            }
            BenchTopic.awaitRebalance(consumerClients, runTopic, queueCount, REBALANCE_TIMEOUT_MILLIS);
            BenchTopic.awaitEveryQueueDelivers(admin, runTopic, runId, side, REBALANCE_TIMEOUT_MILLIS);
            out.printf(Locale.ROOT, "run %s: topic %s (%d queues) on %s, %d producers, %d consumers%n", runId,
                    runTopic, queueCount, namesrv, producers, consumers);

            LoadReport report = measure(runId, runTopic, runLabel, side, producerClients);
            report.print(out);
            return report.ok() ? 0 : 1;
        } finally {
            consumerClients.forEach(DefaultMQPushConsumer::shutdown);
            producerClients.forEach(DefaultMQProducer::shutdown);
        }
    }

    private LoadReport measure(String runId, String runTopic, String runLabel, ConsumerSide side,
                               List<DefaultMQProducer> producerClients) throws Exception {
        byte[] body = new byte[sizeBytes];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        long pauseNanos = rate > 0 ? (long) (producers * 1e9 / rate) : 0;
        RunPhase phase = new RunPhase(System.nanoTime(), (long) (warmUpSeconds * 1e9), warmUpMessages,
                (long) (durationSeconds * 1e9), messages);
        List<ProducerWorker> workers = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            DefaultMQProducer client = producer("load-p" + i + "-" + runId, runId);
            producerClients.add(client);
            workers.add(new ProducerWorker(client, runTopic, runId, body, phase, pauseNanos, "load-producer-" + i));
        }
        workers.forEach(ProducerWorker::start);
        for (ProducerWorker worker : workers) {
            worker.join();
        }

        long sent = 0;
        long failures = 0;
        long firstSend = Long.MAX_VALUE;
        long lastAck = Long.MIN_VALUE;
        Histogram sendMicros = newHistogram();
        Throwable failure = null;
        for (ProducerWorker worker : workers) {
            sent += worker.measuredSent();
            failures += worker.failures();
            if (worker.measuredSent() > 0) {
                firstSend = Math.min(firstSend, worker.firstMeasuredNanos());
                lastAck = Math.max(lastAck, worker.lastMeasuredNanos());
            }
            sendMicros.add(worker.sendMicros());
            if (failure == null) {
                failure = worker.firstFailure();
            }
        }
        long drainDeadline = System.nanoTime() + (long) (drainTimeoutSeconds * 1e9);
        while (side.measured() < sent && System.nanoTime() < drainDeadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long consumed = side.measured();
        String problem = failure != null ? failures + " failed sends, first: " + failure
                : sent == 0 ? "nothing was sent in the measured part"
                : consumed < sent ? "consumers got " + consumed + " of " + sent + " measured messages within "
                        + drainTimeoutSeconds + " s"
                : null;
        return new LoadReport(runLabel, producers, consumers, sizeBytes, sent, seconds(firstSend, lastAck, sent),
                sendMicros, consumed, seconds(side.firstNanos(), side.lastNanos(), consumed), side.e2eMicros(),
                side.stale(), failures, problem == null, problem);
    }

    private static double seconds(long fromNanos, long toNanos, long count) {
        return count > 0 && toNanos > fromNanos ? (toNanos - fromNanos) / 1e9 : 0;
    }

    private DefaultMQProducer producer(String instance, String runId) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("LoadProducer-" + runId);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName(instance);
        producer.setSendMsgTimeout(sendTimeoutMillis);
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.start();
        return producer;
    }

    private DefaultMQPushConsumer consumer(int index, String runId, String runTopic, ConsumerSide side)
            throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("LoadGroup-" + runId);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("load-c" + index + "-" + runId);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(consumeThreads);
        consumer.setConsumeThreadMax(consumeThreads);
        consumer.setPullBatchSize(pullBatch);
        consumer.subscribe(runTopic, "*");
        consumer.registerMessageListener(side);
        consumer.start();
        return consumer;
    }

    private void validate() {
        require(producers >= 1, "--producers must be at least 1");
        require(consumers >= 1, "--consumers must be at least 1");
        require(sizeBytes >= 1, "--size must be at least 1");
        require(messages > 0 || durationSeconds > 0, "--duration or --messages must be positive");
        require(queues >= 1, "--queues must be at least 1");
        require(rate >= 0 && warmUpSeconds >= 0 && warmUpMessages >= 0 && drainTimeoutSeconds >= 0,
                "--rate, --warmup, --warmup-seconds and --drain-timeout must not be negative");
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
