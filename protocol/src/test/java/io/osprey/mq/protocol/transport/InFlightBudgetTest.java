package io.osprey.mq.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link InFlightBudget} and {@link Lease} alone: what is granted, and that every byte comes back exactly once. */
class InFlightBudgetTest {

    @Test
    void grantsWhatFitsUnderTheLimitAndNothingBeyond() {
        InFlightBudget budget = new InFlightBudget(100);

        assertThat(budget.tryAcquire(60)).isTrue();
        assertThat(budget.tryAcquire(40)).isTrue();
        assertThat(budget.tryAcquire(1)).isFalse();
        assertThat(budget.usedBytes()).isEqualTo(100);

        budget.release(50);
        assertThat(budget.tryAcquire(51)).isFalse();
        assertThat(budget.tryAcquire(50)).isTrue();
    }

    @Test
    void grantsAFrameLargerThanTheWholeBudgetOnlyWhenNothingIsInFlight() {
        InFlightBudget budget = new InFlightBudget(100);

        assertThat(budget.tryAcquire(500)).as("alone").isTrue();
        assertThat(budget.tryAcquire(1)).isFalse();
        budget.release(500);

        assertThat(budget.tryAcquire(1)).isTrue();
        assertThat(budget.tryAcquire(500)).as("with something in flight").isFalse();
    }

    @Test
    void acquireTakesBytesWhateverTheLimit() {
        InFlightBudget budget = new InFlightBudget(100);

        budget.acquire(150);

        assertThat(budget.usedBytes()).isEqualTo(150);
        assertThat(budget.tryAcquire(1)).isFalse();
    }

    @Test
    void releasingMoreThanIsInFlightFailsAndChangesNothing() {
        InFlightBudget budget = new InFlightBudget(100);
        budget.acquire(10);

        assertThatThrownBy(() -> budget.release(11)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than the 10");
        assertThat(budget.usedBytes()).isEqualTo(10);
    }

    @Test
    void rejectsNonPositiveLimitsAndNegativeCounts() {
        assertThatThrownBy(() -> new InFlightBudget(0)).isInstanceOf(IllegalArgumentException.class);
        InFlightBudget budget = new InFlightBudget(10);
        assertThatThrownBy(() -> budget.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget.acquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget.release(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultIsAQuarterOfTheHeap() {
        assertThat(InFlightBudget.defaultLimitBytes(1L << 30)).isEqualTo(256L << 20);
        assertThat(InFlightBudget.defaultLimitBytes(256L << 20)).isEqualTo(64L << 20);
    }

    @Test
    void aLeaseFollowsTheRequestThenTheResponseAndGivesEverythingBackOnce() {
        InFlightBudget budget = new InFlightBudget(1_000);
        assertThat(budget.tryAcquire(300)).isTrue();
        Lease lease = budget.lease(300);

        lease.resize(20); // the handler answered with less than the request: the rest comes back
        assertThat(budget.usedBytes()).isEqualTo(20);
        lease.resize(2_000); // a pull answer: counted whatever the limit, the bytes exist already
        assertThat(budget.usedBytes()).isEqualTo(2_000);

        lease.release();
        lease.release();
        lease.resize(500);
        assertThat(budget.usedBytes()).isZero();
        assertThat(lease.isReleased()).isTrue();
        assertThat(lease.bytes()).isZero();
    }

    @Test
    void leasesEndedFromManyThreadsAtOnceBringTheBudgetBackToZero() throws Exception {
        InFlightBudget budget = new InFlightBudget(1 << 20);
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            budget.acquire(100 + i);
            leases.add(budget.lease(100 + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> enders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int shift = t;
                enders.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < leases.size(); i++) {
                        Lease lease = leases.get((i + shift * 250) % leases.size());
                        lease.resize(shift * 10L);
                        lease.release();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> ender : enders) {
                ender.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(budget.usedBytes()).isZero();
    }
}
