package dev.ordertotals.aggregation;

import java.util.Map;
import java.util.Optional;

/**
 * What one record does to the totals: its non-zero deltas per key, and why it must be quarantined, if it must.
 * A record can do both: a MODIFY from a valid to a malformed image still subtracts the old quantity.
 */
public record RecordEffect(ChangeRecord record, Map<TotalKey, Long> deltas, Optional<String> quarantineReason) {

    public RecordEffect {
        deltas = Map.copyOf(deltas);
    }

    /** Whether committing this record writes anything: a delta to apply or a quarantine entry to store. */
    public boolean needsCommit() {
        return !deltas.isEmpty() || quarantineReason.isPresent();
    }

    public boolean quarantined() {
        return quarantineReason.isPresent();
    }
}
