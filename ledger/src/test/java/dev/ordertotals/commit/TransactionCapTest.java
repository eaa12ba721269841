package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransactionCapTest {

    @Test
    void aTimeoutHalvesTheTransactionThatTimedOutDownToOneOrder() {
        TransactionCap cap = new TransactionCap(100);

        cap.timedOut(40);
        assertThat(cap.current()).isEqualTo(20);
        cap.timedOut(20);
        cap.timedOut(10);
        cap.timedOut(5);
        cap.timedOut(2);
        cap.timedOut(1);
        assertThat(cap.current()).isEqualTo(1);
    }

    @Test
    void transactionsCommittedAtTheCapGrowItBackUpToTheCeiling() {
        TransactionCap cap = new TransactionCap(100);
        cap.timedOut(100);

        for (int success = 1; success < TransactionCap.SUCCESSES_TO_GROW; success++) {
            cap.succeeded(50);
        }
        assertThat(cap.current()).isEqualTo(50);
        cap.succeeded(50);
        assertThat(cap.current()).isEqualTo(100);
        for (int success = 0; success < 3 * TransactionCap.SUCCESSES_TO_GROW; success++) {
            cap.succeeded(100);
        }
        assertThat(cap.current()).isEqualTo(100);
    }

    @Test
    void smallTransactionsSayNothingAboutWhetherLargerOnesWouldFinish() {
        TransactionCap cap = new TransactionCap(100);
        cap.timedOut(100);

        for (int success = 0; success < 5 * TransactionCap.SUCCESSES_TO_GROW; success++) {
            cap.succeeded(2);
        }

        assertThat(cap.current()).isEqualTo(50);
    }
}
