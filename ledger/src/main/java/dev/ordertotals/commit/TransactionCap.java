package dev.ordertotals.commit;

/**
 * How many orders one transaction may hold. It starts at what DynamoDB allows; a transaction that times out halves
 * it (the next try of its orders, and the batches after it, are smaller, so a shard never spins on a batch whose
 * transaction outlasts the attempt timeout); {@value #SUCCESSES_TO_GROW} transactions in a row committed at the
 * cap double it again, up to the start. One per committer: the function keeps it across invocations.
 */
final class TransactionCap {

    static final int SUCCESSES_TO_GROW = 8;

    private final int ceiling;
    private int current;
    private int successesAtCap;

    TransactionCap(int ceiling) {
        this.ceiling = ceiling;
        this.current = ceiling;
    }

    int current() {
        return current;
    }

    void timedOut(int orders) {
        current = Math.max(1, Math.min(current, orders) / 2);
        successesAtCap = 0;
    }

    void succeeded(int orders) {
        if (current == ceiling || orders < current) {
            return;
        }
        if (++successesAtCap >= SUCCESSES_TO_GROW) {
            current = Math.min(ceiling, current * 2);
            successesAtCap = 0;
        }
    }
}
