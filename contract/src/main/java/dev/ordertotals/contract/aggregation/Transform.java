package dev.ordertotals.contract.aggregation;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a group-by key is made from its source attribute. The time buckets read an ISO-8601 timestamp as written:
 * the date, month, year or hour it starts with, never converted to UTC (an order of {@code 2026-11-30T23:30-05:00}
 * counts on the 30th, like the source document's day).
 */
public enum Transform {
    /** The value as is: a non-empty string (a number, or any other type, is malformed for the aggregation). */
    VALUE("value"),
    /** {@code YYYY-MM-DD}: a string starting with an ISO date, optionally followed by {@code T} and a time. */
    DATE("date"),
    /** {@code YYYY-MM}, from the same strings as {@link #DATE}. */
    MONTH("month"),
    /** {@code YYYY}, from the same strings as {@link #DATE}. */
    YEAR("year"),
    /** {@code YYYY-MM-DDTHH}: a string starting with an ISO date, {@code T} and a two-digit hour. */
    HOUR("hour");

    private final String declared;

    Transform(String declared) {
        this.declared = declared;
    }

    /** The name a declaration uses. */
    public String declared() {
        return declared;
    }

    public static Optional<Transform> named(String name) {
        return Arrays.stream(values())
                .filter(transform -> transform.declared.equals(name))
                .findFirst();
    }
}
