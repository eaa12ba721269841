package dev.ordertotals.aggregation;

/** What one stream image means for one aggregation. */
public sealed interface ImageReading {

    ImageReading ABSENT = new Absent();

    /** The record has no such image (an INSERT has no old one, a REMOVE no new one). */
    record Absent() implements ImageReading {}

    /**
     * Not counted here: the filter leaves it out, a field is missing, or every measure is zero. Skipped, as in the
     * source document.
     */
    record NotCounted(String why) implements ImageReading {}

    /** Counted: the image contributes {@code part} to one total. */
    record Counted(Contribution.Part part) implements ImageReading {}

    /** A present field is malformed: the image counts nothing here and its record is quarantined. */
    record Invalid(String reason) implements ImageReading {}
}
