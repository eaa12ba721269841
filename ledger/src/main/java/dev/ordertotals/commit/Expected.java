package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Contribution;

/** What a write expects an order's ledger entry to hold, and so what its condition compares. */
sealed interface Expected {

    Contribution contribution();

    /**
     * Computed from the first record's old image, with no read: the condition compares the entry's
     * {@code digest} (or asks for no contribution at all).
     */
    record FromImage(Contribution contribution) implements Expected {}

    /**
     * Read from the entry itself (returned with a cancellation): the condition compares its {@code version}, which
     * holds whatever the entry's format or the aggregations it was written under.
     */
    record AsRead(Contribution contribution, long version) implements Expected {}
}
