package io.osprey.mq.server.broker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.body.MessageQueue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueLocksTest {
    private static final String GROUP = "g";
    private static final MessageQueue Q0 = new MessageQueue("T", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("T", "broker-a", 1);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final QueueLocks locks = new QueueLocks(new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    }, 60_000);

    @Test
    void freeQueuesAreGranted() {
        assertThat(locks.tryLock(GROUP, "c1", List.of(Q0, Q1))).containsExactlyInAnyOrder(Q0, Q1);
        assertThat(locks.isLockedBy(GROUP, Q0, "c1")).isTrue();
    }

    @Test
    void aQueueHeldByAnotherClientIsDenied() {
        locks.tryLock(GROUP, "c1", List.of(Q0));

        assertThat(locks.tryLock(GROUP, "c2", List.of(Q0, Q1))).containsExactly(Q1);
        assertThat(locks.isLockedBy(GROUP, Q0, "c2")).isFalse();
    }

    @Test
    void theHolderRenewsItsLock() {
        locks.tryLock(GROUP, "c1", List.of(Q0));
        now.addAndGet(50_000);
        assertThat(locks.tryLock(GROUP, "c1", List.of(Q0))).containsExactly(Q0);

        now.addAndGet(50_000);

        assertThat(locks.tryLock(GROUP, "c2", List.of(Q0))).isEmpty();
    }

    @Test
    void aLockNotRenewedForTheExpiryMovesToAnotherClient() {
        locks.tryLock(GROUP, "c1", List.of(Q0));
        now.addAndGet(60_000);
        assertThat(locks.tryLock(GROUP, "c2", List.of(Q0))).isEmpty();

        now.addAndGet(1);

        assertThat(locks.tryLock(GROUP, "c2", List.of(Q0))).containsExactly(Q0);
        assertThat(locks.isLockedBy(GROUP, Q0, "c1")).isFalse();
    }

    @Test
    void unlockReleasesOnlyTheCallersLocks() {
        locks.tryLock(GROUP, "c1", List.of(Q0));
        locks.tryLock(GROUP, "c2", List.of(Q1));

        locks.unlock(GROUP, "c1", List.of(Q0, Q1));

        assertThat(locks.isLockedBy(GROUP, Q1, "c2")).isTrue();
        assertThat(locks.tryLock(GROUP, "c3", List.of(Q0, Q1))).containsExactly(Q0);
    }

    @Test
    void groupsLockIndependently() {
        locks.tryLock("g1", "c1", List.of(Q0));

        assertThat(locks.tryLock("g2", "c2", List.of(Q0))).containsExactly(Q0);
    }
}
