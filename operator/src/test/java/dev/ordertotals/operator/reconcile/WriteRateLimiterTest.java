package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write-unit limiter on a clock the test moves: each transaction waits for its slot, none more than needed. */
class WriteRateLimiterTest {

    private long now = 1_000_000_000L;
    private final List<Long> waits = new ArrayList<>();
    private final WriteRateLimiter limiter = new WriteRateLimiter(10, () -> now, nanos -> {
        waits.add(nanos);
        now += nanos;
    });

    @Test
    void transactionsBackToBackAreSpacedByTheirUnitsOverTheRate() throws InterruptedException {
        for (int transaction = 0; transaction < 4; transaction++) {
            limiter.acquire(4);
        }

        // 4 units at 10 per second: one transaction every 0.4 s, the first at once.
        assertThat(waits).containsExactly(400_000_000L, 400_000_000L, 400_000_000L);
        assertThat(now - 1_000_000_000L).isEqualTo(1_200_000_000L);
    }

    @Test
    void timeSpentElsewhereIsNotSavedUpAsABurst() throws InterruptedException {
        limiter.acquire(4);
        now += 5_000_000_000L;
        limiter.acquire(4);
        limiter.acquire(4);

        assertThat(waits).containsExactly(400_000_000L);
    }
}
