package dev.ordertotals.commit;

import dev.ordertotals.aggregation.RecordEffect;
import dev.ordertotals.stream.StreamChange;

/** A record that has something to commit (deltas, a quarantine entry, or both), with its computed effect. */
record PendingRecord(StreamChange change, RecordEffect effect) {

    /** Rough DynamoDB size of what this record writes, to keep a transaction under its 4 MB limit. */
    long estimatedBytes() {
        long bytes = 128 + change.eventId().length();
        if (effect.quarantined()) {
            bytes += 512 + ItemSizes.of(change.oldImage()) + ItemSizes.of(change.newImage());
        }
        return bytes + 64L * effect.deltas().size();
    }
}
