package dev.ordertotals.aggregation;

import java.util.Comparator;
import java.util.List;

/**
 * One total: an item of a totals table, by its key. Aggregations that share a table and a key add into the same
 * item, so a transaction holds one update per {@code TotalKey}, with every measure it moves.
 *
 * @param table the totals table's name
 * @param attributes the table's key attributes, partition key first
 * @param values the key's values, in the same order
 */
public record TotalKey(String table, List<String> attributes, List<String> values) implements Comparable<TotalKey> {

    private static final Comparator<List<String>> LISTS = (left, right) -> {
        for (int index = 0; index < Math.min(left.size(), right.size()); index++) {
            int compared = left.get(index).compareTo(right.get(index));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(left.size(), right.size());
    };
    private static final Comparator<TotalKey> ORDER = Comparator.comparing(TotalKey::table)
            .thenComparing(TotalKey::values, LISTS)
            .thenComparing(TotalKey::attributes, LISTS);

    public TotalKey {
        attributes = List.copyOf(attributes);
        values = List.copyOf(values);
    }

    @Override
    public int compareTo(TotalKey other) {
        return ORDER.compare(this, other);
    }

    /** {@code 2026-11-24 item123}: the key's values. */
    public String describe() {
        return String.join(" ", values);
    }

    @Override
    public String toString() {
        return table + ":" + String.join("|", values);
    }
}
