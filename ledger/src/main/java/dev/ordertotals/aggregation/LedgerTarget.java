package dev.ordertotals.aggregation;

import java.util.Optional;

/**
 * What an order's ledger entry should say, given its latest image: the contribution the totals should count, and
 * why the order is malformed, if it is for any aggregation (then it counts nothing there, still counts where it is
 * valid, and is quarantined until it is fixed or deleted).
 */
public record LedgerTarget(Contribution contribution, Optional<String> malformedReason) {

    public boolean malformed() {
        return malformedReason.isPresent();
    }
}
