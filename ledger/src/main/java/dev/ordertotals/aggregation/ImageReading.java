package dev.ordertotals.aggregation;

/** What one stream image means for the totals. */
public sealed interface ImageReading {

    /** The record has no such image (an INSERT has no old one, a REMOVE no new one). */
    record Absent() implements ImageReading {}

    /** Not an order for the totals: a field is missing, or the quantity is zero. Skipped, as in the source. */
    record NotCounted(String why) implements ImageReading {}

    /** A valid order: it contributes {@code quantity} to the total of {@code key}. */
    record Counted(TotalKey key, long quantity) implements ImageReading {}

    /** A present field is malformed: the image contributes nothing and its record is quarantined. */
    record Invalid(String reason) implements ImageReading {}
}
