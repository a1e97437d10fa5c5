package io.osprey.mq.protocol.selector;

import static io.osprey.mq.protocol.selector.Selectors.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * §3.8.1 on the broker: one compiled selector per subscription is evaluated by every thread that reads the
 * store for it, so a {@link MessageSelector} must give each thread the result for that thread's message,
 * however the evaluations interleave.
 */
class SharedSelectorTest {
    private static final int THREADS = 4;
    private static final int EVALUATIONS = 20_000;

    @Test
    void oneSelectorEvaluatedByManyThreadsGivesEachItsOwnResult() throws Exception {
        MessageSelector selector = MessageSelector.parse(
                "JMSType = 'car' AND color IN ('blue', 'red') AND weight * 2 BETWEEN 2000 AND 8000 "
                        + "AND name LIKE 'x%_z' AND (discount IS NULL OR discount < 0.5)");
        List<PropertySource> messages = List.of(
                props("JMSType", "car", "color", "blue", "weight", 1500, "name", "xyz"),
                props("JMSType", "car", "color", "green", "weight", 1500, "name", "xyz"),
                props("JMSType", "car", "color", "red", "weight", 4000L, "name", "x__z", "discount", 0.25),
                props("JMSType", "car", "color", "red", "weight", 4001L, "name", "x__z"),
                props("JMSType", "car", "color", "red", "weight", 1500.0, "name", "xz"),
                props("JMSType", "car", "color", "blue", "weight", 1500, "name", "xyz", "discount", 0.75));
        List<Boolean> expected = List.of(true, false, true, false, false, false);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                Callable<Integer> evaluations = () -> {
                    start.await();
                    int wrong = 0;
                    for (int i = 0; i < EVALUATIONS; i++) {
                        int m = (i + offset) % messages.size();
                        if (selector.matches(messages.get(m)) != expected.get(m)) {
                            wrong++;
                        }
                    }
                    return wrong;
                };
                mismatches.add(pool.submit(evaluations));
            }
            start.countDown();
            for (Future<Integer> result : mismatches) {
                assertThat(result.get(1, TimeUnit.MINUTES)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameSelectorTextCanBeParsedConcurrently() throws Exception {
        String expression = "a LIKE '%b_c%' ESCAPE '!' AND n BETWEEN 0x10 AND 1e3 AND s IN ('x', 'y')";
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<MessageSelector>> parsed = new ArrayList<>();
            for (int t = 0; t < THREADS * 4; t++) {
                parsed.add(pool.submit(() -> MessageSelector.parse(expression)));
            }
            PropertySource match = props("a", "abbc", "n", 16, "s", "y");
            for (Future<MessageSelector> selector : parsed) {
                assertThat(selector.get(1, TimeUnit.MINUTES).matches(match)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
