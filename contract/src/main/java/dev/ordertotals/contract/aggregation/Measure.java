package dev.ordertotals.contract.aggregation;

/** One running figure of a total, kept in {@link #attribute()} of the totals table. */
public sealed interface Measure {

    String attribute();

    /** The sum of the order's integer attribute {@code source}: an order without it is not counted. */
    record Sum(String attribute, String source) implements Measure {}

    /** How many orders the total counts. */
    record Count(String attribute) implements Measure {}
}
