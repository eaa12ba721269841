package dev.ordertotals.operator.verify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A total that differs from what it should be (the sum over the orders, or over the ledger entries). A total of 0
 * and no total at all are the same thing.
 */
public sealed interface Drift {

    Comparator<Drift> BY_KEY = Comparator.comparing(Drift::label);

    /**
     * Which total: its key values ({@code 2026-11-24 item123}), led by its aggregation's name and followed by the
     * measure when the pipeline has more than one aggregation or measure.
     */
    String label();

    /** A non-zero total is due; the totals table has none (or 0). */
    record Missing(String label, BigInteger expected) implements Drift {}

    /** The totals table has a non-zero total that is not due. */
    record Extra(String label, TotalRow actual) implements Drift {}

    /** Both have the key, with different values. */
    record Wrong(String label, BigInteger expected, TotalRow actual) implements Drift {}

    /** @param source what the due value comes from: {@code expected} (the orders) or {@code ledger} */
    default String describe(String source) {
        return switch (this) {
            case Missing missing ->
                "missing  " + label() + ": " + source + " " + missing.expected() + ", actual <none>";
            case Extra extra ->
                "extra    " + label() + ": " + source + " 0, actual "
                        + extra.actual().rawQuantity();
            case Wrong wrong ->
                "wrong    " + label() + ": " + source + " " + wrong.expected() + ", actual "
                        + wrong.actual().rawQuantity();
        };
    }

    /**
     * The totals among {@code rows} that differ from {@code due} (non-zero sums per key and measure), in label order.
     *
     * @param prefix what leads each label (the aggregation's name), or empty
     * @param nameMeasures whether each label ends with its measure
     */
    static List<Drift> between(
            Map<List<String>, Map<String, BigInteger>> due, List<TotalRow> rows, String prefix, boolean nameMeasures) {
        Map<String, BigInteger> remaining = new HashMap<>();
        due.forEach((key, measures) -> measures.forEach((measure, value) -> {
            if (value.signum() != 0) {
                remaining.put(label(prefix, key, measure, nameMeasures), value);
            }
        }));
        List<Drift> drifts = new ArrayList<>();
        for (TotalRow row : rows) {
            String label = label(prefix, row.key(), row.measure(), nameMeasures);
            BigInteger wanted = remaining.remove(label);
            wanted = wanted == null ? BigInteger.ZERO : wanted;
            if (row.holds(wanted)) {
                continue;
            }
            drifts.add(wanted.signum() == 0 ? new Extra(label, row) : new Wrong(label, wanted, row));
        }
        remaining.forEach((label, value) -> drifts.add(new Missing(label, value)));
        drifts.sort(BY_KEY);
        return List.copyOf(drifts);
    }

    private static String label(String prefix, List<String> key, String measure, boolean nameMeasures) {
        return prefix + String.join(" ", key) + (nameMeasures ? " " + measure : "");
    }
}
