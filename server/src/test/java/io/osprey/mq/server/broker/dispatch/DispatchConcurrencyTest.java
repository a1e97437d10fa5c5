package io.osprey.mq.server.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.server.config.BrokerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Competing consumers on two connections fetching and acknowledging while two producers send. */
class DispatchConcurrencyTest extends BrokerFixture {
    private static final int QUEUES = 4;
    private static final int PRODUCERS = 2;
    private static final int MESSAGES_EACH = 2_500;
    private static final int TOTAL = PRODUCERS * MESSAGES_EACH;
    private static final int CONSUMERS_PER_CONNECTION = 4;
    private static final int MAX_DELIVERIES = BrokerConfig.defaults().jmsMaxDeliveries();

    @Test
    void everyMessageIsDeliveredExactlyOnceAndAcknowledgedAndNoFetchIsLeftHanging() throws Exception {
        String queue = topic("load", QUEUES);
        List<JmsWire> consumerConnections = List.of(connection("consumers-a"), connection("consumers-b"));
        for (JmsWire connection : consumerConnections) {
            for (long consumer = 1; consumer <= CONSUMERS_PER_CONNECTION; consumer++) {
                connection.openQueue(consumer, queue);
            }
        }
        List<JmsWire> producers = List.of(connection("producer-0"), connection("producer-1"));

        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        Map<Integer, Integer> deliveryCounts = new ConcurrentHashMap<>();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger fetches = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS + 2 * CONSUMERS_PER_CONNECTION);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                JmsWire producer = producers.get(p);
                String prefix = "p" + p + "-";
                work.add(threads.submit((Callable<Void>) () -> {
                    for (int i = 0; i < MESSAGES_EACH; i++) {
                        producer.send(queue, i % QUEUES, prefix + i);
                    }
                    return null;
                }));
            }
            for (JmsWire connection : consumerConnections) {
                for (long consumer = 1; consumer <= CONSUMERS_PER_CONNECTION; consumer++) {
                    long consumerId = consumer;
                    work.add(threads.submit((Callable<Void>) () -> {
                        while (acknowledged.get() < TOTAL) {
                            // each fetch completes, with messages or at the end of its wait, or this fails
                            List<Received> batch = connection.fetch(consumerId, 16, 200);
                            fetches.incrementAndGet();
                            for (Received r : batch) {
                                deliveries.merge(r.body(), 1, Integer::sum);
                                deliveryCounts.merge(r.deliveryCount(), 1, Integer::sum);
                            }
                            if (!batch.isEmpty()) {
                                connection.ack(batch);
                                acknowledged.addAndGet(batch.size());
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(deliveries).hasSize(TOTAL);
        assertThat(deliveries.values()).as("each delivered once").containsOnly(1);
        assertThat(deliveryCounts).containsOnlyKeys(1);
        assertThat(acknowledged).hasValue(TOTAL);
        assertThat(fetches.get()).as("fetches were spread over the consumers")
                .isGreaterThanOrEqualTo(2 * CONSUMERS_PER_CONNECTION);
        for (JmsWire connection : consumerConnections) {
            for (long consumer = 1; consumer <= CONSUMERS_PER_CONNECTION; consumer++) {
                assertThat(connection.fetch(consumer, 16, 0)).isEmpty();
            }
            connection.disconnect();
        }
        // everything was acknowledged: the connections' ends returned nothing
        JmsWire late = connection("late");
        late.openQueue(1, queue);
        assertThat(late.fetch(1, 16, 200)).isEmpty();
    }

    @Test
    void messagesReturnedAndGivenBackOnClosesUnderLoadAreAcknowledgedOnceWithExactDeliveryCounts() throws Exception {
        int total = 2_000;
        String queue = topic("churn", QUEUES);
        List<JmsWire> consumerConnections = List.of(connection("consumers-a"), connection("consumers-b"));
        JmsWire producer = connection("producer");
        AtomicLong consumerIds = new AtomicLong();
        Map<String, Integer> redeliveries = new ConcurrentHashMap<>();
        Map<String, Integer> acks = new ConcurrentHashMap<>();
        List<String> wrongCounts = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(1 + 2 * CONSUMERS_PER_CONNECTION);
        try {
            List<Future<?>> work = new ArrayList<>();
            work.add(threads.submit((Callable<Void>) () -> {
                for (int i = 0; i < total; i++) {
                    producer.send(queue, i % QUEUES, "m" + i);
                }
                return null;
            }));
            for (JmsWire connection : consumerConnections) {
                for (int c = 0; c < CONSUMERS_PER_CONNECTION; c++) {
                    work.add(threads.submit((Callable<Void>) () -> {
                        long consumerId = consumerIds.incrementAndGet();
                        connection.openQueue(consumerId, queue);
                        for (int round = 0; acknowledged.get() < total; round++) {
                            List<Received> batch = connection.fetch(consumerId, 8, 200);
                            if (batch.isEmpty()) {
                                continue;
                            }
                            for (Received r : batch) {
                                int expected = 1 + redeliveries.getOrDefault(r.body(), 0);
                                if (r.deliveryCount() != expected) {
                                    wrongCounts.add(r.body() + " delivered " + r.deliveryCount() + ", expected "
                                            + expected);
                                }
                            }
                            // recovered once more, a message delivered jmsMaxDeliveries times would move to the
                            // dead-letter queue (DeadLetterTest's subject) and never be acknowledged here
                            boolean mayReturn = batch.stream().allMatch(r -> r.deliveryCount() < MAX_DELIVERIES);
                            switch (mayReturn ? round % 7 : 0) {
                                case 1, 4 -> { // recover: the application saw them
                                    batch.forEach(r -> redeliveries.merge(r.body(), 1, Integer::sum));
                                    connection.giveBack(batch, true);
                                }
                                case 2 -> connection.giveBack(batch, false); // prefetch given back
                                case 5 -> { // close with the prefetch undelivered, open again
                                    connection.closeConsumer(consumerId, batch);
                                    consumerId = consumerIds.incrementAndGet();
                                    connection.openQueue(consumerId, queue);
                                }
                                default -> {
                                    connection.ack(batch);
                                    batch.forEach(r -> acks.merge(r.body(), 1, Integer::sum));
                                    acknowledged.addAndGet(batch.size());
                                }
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(wrongCounts).isEmpty();
        assertThat(acks).hasSize(total);
        assertThat(acks.values()).as("each acknowledged once").containsOnly(1);
        assertThat(redeliveries).as("the test did return messages").isNotEmpty();
        for (JmsWire connection : consumerConnections) {
            connection.disconnect();
        }
        JmsWire late = connection("late");
        late.openQueue(1, queue);
        assertThat(late.fetch(1, 16, 200)).isEmpty();
    }
}
