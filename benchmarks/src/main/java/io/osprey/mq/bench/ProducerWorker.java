package io.osprey.mq.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * One producer thread with its own client instance (own connection): synchronous sends in a loop until the
 * {@link RunPhase} says done. Each message carries {@value #TIMESTAMP}, the {@code System.nanoTime()} taken just
 * before {@code send}, so the consumer side can measure end-to-end latency.
 *
 * <p>Only its own thread touches its counters and histogram until {@link #join}ed.
 */
final class ProducerWorker implements Runnable {
    static final String TIMESTAMP = "benchTs";
    static final String RUN = "benchRun";
    static final String WARM = "benchWarm";

    private final DefaultMQProducer producer;
    private final String topic;
    private final String runId;
    private final byte[] body;
    private final RunPhase phase;
    private final long pauseNanos;
    private final Histogram sendMicros = LoadTool.newHistogram();
    private final Thread thread;
    private long measuredSent;
    private long firstMeasuredNanos;
    private long lastMeasuredNanos;
    private long failures;
    private volatile Throwable firstFailure;

    /** @param pauseNanos time between sends of this producer ({@code 0} = as fast as acknowledgements allow) */
    ProducerWorker(DefaultMQProducer producer, String topic, String runId, byte[] body, RunPhase phase,
                   long pauseNanos, String threadName) {
        this.producer = producer;
        this.topic = topic;
        this.runId = runId;
        this.body = body;
        this.phase = phase;
        this.pauseNanos = pauseNanos;
        this.thread = new Thread(this, threadName);
    }

    void start() {
        thread.start();
    }

    void join() throws InterruptedException {
        thread.join();
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (true) {
            if (pauseNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                next += pauseNanos;
            }
            long start = System.nanoTime();
            RunPhase.Phase current = phase.claim(start);
            if (current == RunPhase.Phase.DONE) {
                return;
            }
            boolean measured = current == RunPhase.Phase.MEASURED;
            Message message = new Message(topic, body);
            message.putUserProperty(RUN, runId);
            message.putUserProperty(WARM, measured ? "0" : "1");
            long sentAt = System.nanoTime();
            message.putUserProperty(TIMESTAMP, Long.toString(sentAt));
            try {
                SendResult result = producer.send(message);
                long end = System.nanoTime();
                if (result.getSendStatus() != SendStatus.SEND_OK) {
                    fail(new IllegalStateException("send status " + result.getSendStatus()));
                    continue;
                }
                if (measured) {
                    if (measuredSent == 0) {
                        firstMeasuredNanos = sentAt;
                    }
                    measuredSent++;
                    lastMeasuredNanos = end;
                    sendMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(end - sentAt)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
                return;
            } catch (Exception e) {
                fail(e);
            }
        }
    }

    /** A failed send makes the run invalid: counted, the first kept for the report, and the run stops. */
    private void fail(Throwable failure) {
        failures++;
        if (firstFailure == null) {
            firstFailure = failure;
        }
        phase.abort();
    }

    long measuredSent() {
        return measuredSent;
    }

    long firstMeasuredNanos() {
        return firstMeasuredNanos;
    }

    long lastMeasuredNanos() {
        return lastMeasuredNanos;
    }

    long failures() {
        return failures;
    }

    Throwable firstFailure() {
        return firstFailure;
    }

    Histogram sendMicros() {
        return sendMicros;
    }
}
