package io.osprey.mq.bench;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The listener every push consumer of a run shares: counts warm-up, measured and stale messages (left over from
 * another run on the same topic) and records end-to-end latency of measured ones. Thread-safe: called from
 * every consumer's consume threads at once.
 */
final class ConsumerSide implements MessageListenerConcurrently {
    private final String runId;
    private final Recorder e2eMicros = new Recorder(LoadTool.HISTOGRAM_MAX_MICROS, LoadTool.HISTOGRAM_DIGITS);
    private final AtomicLong measured = new AtomicLong();
    private final AtomicLong warm = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final LongAccumulator firstNanos = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator lastNanos = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final Histogram e2eTotal = LoadTool.newHistogram();
    private final Set<Integer> queuesSeen = ConcurrentHashMap.newKeySet();

    ConsumerSide(String runId) {
        this.runId = runId;
    }

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        long now = System.nanoTime();
        for (MessageExt message : messages) {
            String ts = message.getUserProperty(ProducerWorker.TIMESTAMP);
            if (!runId.equals(message.getUserProperty(ProducerWorker.RUN)) || ts == null) {
                stale.incrementAndGet();
                continue;
            }
            queuesSeen.add(message.getQueueId());
            if (!"0".equals(message.getUserProperty(ProducerWorker.WARM))) {
                warm.incrementAndGet();
            } else {
                long micros = TimeUnit.NANOSECONDS.toMicros(now - Long.parseLong(ts));
                e2eMicros.recordValue(Math.min(Math.max(0, micros), LoadTool.HISTOGRAM_MAX_MICROS));
                firstNanos.accumulate(now);
                lastNanos.accumulate(now);
                measured.incrementAndGet();
            }
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    /** Queues from which this run's messages (any phase) have arrived. */
    int queuesSeen() {
        return queuesSeen.size();
    }

    long measured() {
        return measured.get();
    }

    long warm() {
        return warm.get();
    }

    long stale() {
        return stale.get();
    }

    long firstNanos() {
        return firstNanos.get();
    }

    long lastNanos() {
        return lastNanos.get();
    }

    /** Everything recorded so far (call once consumers are done; later calls add what came since). */
    synchronized Histogram e2eMicros() {
        e2eTotal.add(e2eMicros.getIntervalHistogram());
        return e2eTotal;
    }
}
