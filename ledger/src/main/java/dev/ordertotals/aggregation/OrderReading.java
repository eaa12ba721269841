package dev.ordertotals.aggregation;

import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * What one image means for every aggregation: its contribution, and the aggregations it is malformed for, each
 * with why (it counts nothing there and is quarantined, and still counts where it is valid).
 */
public record OrderReading(Contribution contribution, SortedMap<String, String> malformed) {

    public static final OrderReading ABSENT =
            new OrderReading(Contribution.NONE, java.util.Collections.emptySortedMap());

    public boolean isMalformed() {
        return !malformed.isEmpty();
    }

    /** {@code aggregation daily_item_quantity: quantity 2.5 is not an integer}, one clause per aggregation. */
    public Optional<String> malformedReason() {
        return malformed.isEmpty()
                ? Optional.empty()
                : Optional.of(malformed.entrySet().stream()
                        .map(entry -> "aggregation " + entry.getKey() + ": " + entry.getValue())
                        .collect(Collectors.joining("; ")));
    }

    /** What the order's ledger entry should say when this is its latest image. */
    public LedgerTarget target() {
        return new LedgerTarget(contribution, malformedReason());
    }
}
