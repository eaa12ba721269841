package dev.ordertotals.aggregation;

import java.time.LocalDate;
import java.util.Comparator;

/** The key of one total: the order's calendar day and its item. */
public record TotalKey(LocalDate date, String item) implements Comparable<TotalKey> {

    private static final Comparator<TotalKey> ORDER =
            Comparator.comparing(TotalKey::date).thenComparing(TotalKey::item);

    /** The totals table's partition key value: {@code YYYY-MM-DD}. */
    public String dateKey() {
        return date.toString();
    }

    @Override
    public int compareTo(TotalKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return dateKey() + "|" + item;
    }
}
