package dev.ordertotals.aggregation;

import java.util.Optional;

/**
 * What an order's ledger entry should say, given its latest image: the contribution the totals should count, and
 * why the order is malformed, if it is (then it counts nothing and is quarantined until it is fixed or deleted).
 */
public record LedgerTarget(Contribution contribution, Optional<String> malformedReason) {

    public static LedgerTarget of(ImageReading latest) {
        return switch (latest) {
            case ImageReading.Counted counted -> new LedgerTarget(Contribution.of(counted), Optional.empty());
            case ImageReading.Invalid(String reason) -> new LedgerTarget(Contribution.NONE, Optional.of(reason));
            case ImageReading.NotCounted notCounted -> new LedgerTarget(Contribution.NONE, Optional.empty());
            case ImageReading.Absent absent -> new LedgerTarget(Contribution.NONE, Optional.empty());
        };
    }

    public boolean malformed() {
        return malformedReason.isPresent();
    }
}
