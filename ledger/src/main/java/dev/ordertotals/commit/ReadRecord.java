package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.OrderReading;
import dev.ordertotals.stream.OrderImages;
import dev.ordertotals.stream.StreamChange;

/**
 * A stream record with both its images read by the aggregations, once: the readings travel with the record from the
 * batch to the transaction and the report.
 */
record ReadRecord(StreamChange change, OrderReading before, OrderReading after) {

    static ReadRecord of(StreamChange change, Aggregations aggregations) {
        return new ReadRecord(
                change,
                aggregations.read(OrderImages.of(change.oldImage())),
                aggregations.read(OrderImages.of(change.newImage())));
    }

    String eventId() {
        return change.eventId();
    }

    /**
     * Whether the record can change its order's ledger entry: its contribution changes, or a quarantine is set or
     * cleared. Other records (a change of an attribute no aggregation reads, a non-order) are skipped unwritten.
     */
    boolean needsCommit() {
        return !before.contribution().equals(after.contribution()) || before.isMalformed() || after.isMalformed();
    }
}
