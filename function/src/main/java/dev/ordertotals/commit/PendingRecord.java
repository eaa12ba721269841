package dev.ordertotals.commit;

import dev.ordertotals.aggregation.RecordEffect;
import dev.ordertotals.stream.StreamChange;

/**
 * A record that has something to commit (deltas, a quarantine entry, or both), with its computed effect.
 * {@code imagesOmitted}: quarantine it without its images (DynamoDB refused the record as it was).
 */
record PendingRecord(StreamChange change, RecordEffect effect, boolean imagesOmitted) {

    /** Images beyond this are not copied into a quarantine entry, which must stay under DynamoDB's 400 KB item limit. */
    static final long MAX_QUARANTINED_IMAGE_BYTES = 300_000;

    PendingRecord(StreamChange change, RecordEffect effect) {
        this(change, effect, false);
    }

    /** Rough DynamoDB size of what this record writes, to keep a transaction under its 4 MB limit. */
    long estimatedBytes() {
        long bytes = 128 + change.eventId().length();
        if (effect.quarantined() && !imagesOmitted) {
            bytes += 512 + Math.min(MAX_QUARANTINED_IMAGE_BYTES, ItemSizes.of(change.oldImage()) + ItemSizes.of(change.newImage()));
        }
        return bytes + 64L * effect.deltas().size();
    }
}
