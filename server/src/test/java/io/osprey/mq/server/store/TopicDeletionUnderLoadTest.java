package io.osprey.mq.server.store;

import static io.osprey.mq.server.store.MessageStoreAppendTest.readAll;
import static io.osprey.mq.server.store.StoreFixture.await;
import static io.osprey.mq.server.store.StoreFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a topic while it is written and read, over and over, never fails the store, and the other topics are
 * served throughout: the deletion is a record that dispatch applies between the topic's messages.
 */
class TopicDeletionUnderLoadTest {
    private static final int QUEUES = 4;
    private static final int DELETIONS = 20;
    private static final int PER_ROUND = 100;

    @TempDir
    Path root;

    @Test
    void deletingAndRecreatingATopicUnderSendsAndPullsNeverFailsTheStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<List<String>> keptSent = new ArrayList<>();
        try (MessageStore store = StoreFixture.openStarted(root)) {
            List<Future<?>> tasks = new ArrayList<>();
            CountDownLatch everyoneWorking = new CountDownLatch(8);
            // each round: every producer appends, and the topic is deleted while they are half way through
            CyclicBarrier roundStart = new CyclicBarrier(5);
            CyclicBarrier roundEnd = new CyclicBarrier(5);
            CountDownLatch[] halfWay = new CountDownLatch[DELETIONS];
            for (int d = 0; d < DELETIONS; d++) {
                halfWay[d] = new CountDownLatch(4);
            }
            for (int p = 0; p < 4; p++) {
                int producer = p;
                List<String> sent = new ArrayList<>();
                keptSent.add(sent);
                tasks.add(pool.submit(() -> {
                    everyoneWorking.countDown();
                    for (int round = 0; round < DELETIONS; round++) {
                        roundStart.await(60, TimeUnit.SECONDS);
                        for (int i = 0; i < PER_ROUND; i++) {
                            if (i == PER_ROUND / 2) {
                                halfWay[round].countDown();
                            }
                            String name = round + "-" + i;
                            await(store.append(message("Doomed", (producer + i) % QUEUES, "d" + producer + "-" + name)));
                            String kept = "k" + producer + "-" + name;
                            await(store.append(message("Kept", producer, kept)));
                            sent.add(kept);
                        }
                        roundEnd.await(60, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (int c = 0; c < 4; c++) {
                int queueId = c;
                tasks.add(pool.submit(() -> {
                    everyoneWorking.countDown();
                    long doomed = 0;
                    long kept = 0;
                    while (running.get()) {
                        GetMessagesResult d = store.getMessages("Doomed", queueId, doomed, 16, 1 << 20,
                                TagFilter.ALL);
                        doomed = d.status() == GetMessagesResult.Status.FOUND ? d.nextBeginOffset()
                                : d.status() == GetMessagesResult.Status.OFFSET_OVERFLOW_ONE ? doomed : 0;
                        GetMessagesResult k = store.getMessages("Kept", queueId, kept, 16, 1 << 20, TagFilter.ALL);
                        if (k.status() == GetMessagesResult.Status.FOUND) {
                            kept = k.nextBeginOffset();
                        }
                    }
                    return null;
                }));
            }
            assertThat(everyoneWorking.await(10, TimeUnit.SECONDS)).isTrue();
            for (int round = 0; round < DELETIONS; round++) {
                roundStart.await(60, TimeUnit.SECONDS);
                assertThat(halfWay[round].await(60, TimeUnit.SECONDS)).isTrue();
                store.deleteTopic("Doomed").get(60, TimeUnit.SECONDS);
                assertThat(store.isFailed()).isFalse();
                roundEnd.await(60, TimeUnit.SECONDS);
            }
            running.set(false);
            for (Future<?> task : tasks) {
                try {
                    task.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(failures).isEmpty();
            assertThat(store.isFailed()).isFalse();
            for (int q = 0; q < QUEUES; q++) {
                int queueId = q;
                // appends are acknowledged before dispatch indexes them
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> store.maxOffset("Kept", queueId) == keptSent.get(queueId).size());
                assertThat(readAll(store, "Kept", q)).as("Kept/%d", q).containsExactlyElementsOf(keptSent.get(q));
            }
            // the doomed topic is usable again: its queues restarted at 0 after the last deletion
            AppendResult again = await(store.append(message("Doomed", 0, "again")));
            org.awaitility.Awaitility.await().until(() -> store.maxOffset("Doomed", 0) > again.queueOffset());
            assertThat(readAll(store, "Doomed", 0)).endsWith("again");
        } finally {
            pool.shutdownNow();
        }
        // and everything reopens: the deletions replay in their place
        try (MessageStore store = StoreFixture.openStarted(root)) {
            assertThat(readAll(store, "Kept", 0)).containsExactlyElementsOf(keptSent.get(0));
            assertThat(readAll(store, "Doomed", 0)).endsWith("again");
        }
    }
}
