package dev.ordertotals.operator.verify;

import dev.ordertotals.aggregation.TotalKey;
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

    Comparator<Drift> BY_KEY = Comparator.comparing(Drift::date).thenComparing(Drift::item);

    String date();

    String item();

    /** A non-zero total is due; the totals table has none (or 0). */
    record Missing(String date, String item, BigInteger expected) implements Drift {}

    /** The totals table has a non-zero total that is not due. */
    record Extra(String date, String item, TotalRow actual) implements Drift {}

    /** Both have the key, with different values. */
    record Wrong(String date, String item, BigInteger expected, TotalRow actual) implements Drift {}

    /** @param source what the due value comes from: {@code expected} (the orders) or {@code ledger} */
    default String describe(String source) {
        return switch (this) {
            case Missing missing ->
                "missing  " + date() + " " + item() + ": " + source + " " + missing.expected() + ", actual <none>";
            case Extra extra ->
                "extra    " + date() + " " + item() + ": " + source + " 0, actual "
                        + extra.actual().rawQuantity();
            case Wrong wrong ->
                "wrong    " + date() + " " + item() + ": " + source + " " + wrong.expected() + ", actual "
                        + wrong.actual().rawQuantity();
        };
    }

    /** The totals among {@code rows} that differ from {@code due} (non-zero sums per key), in key order. */
    static List<Drift> between(Map<TotalKey, BigInteger> due, List<TotalRow> rows) {
        Map<String, BigInteger> remaining = new HashMap<>();
        due.forEach((key, quantity) -> {
            if (quantity.signum() != 0) {
                remaining.put(key(key.dateKey(), key.item()), quantity);
            }
        });
        Map<String, TotalKey> keys = new HashMap<>();
        due.keySet().forEach(key -> keys.put(key(key.dateKey(), key.item()), key));
        List<Drift> drifts = new ArrayList<>();
        for (TotalRow row : rows) {
            BigInteger wanted = remaining.remove(key(row.date(), row.item()));
            wanted = wanted == null ? BigInteger.ZERO : wanted;
            if (row.holds(wanted)) {
                continue;
            }
            drifts.add(
                    wanted.signum() == 0
                            ? new Extra(row.date(), row.item(), row)
                            : new Wrong(row.date(), row.item(), wanted, row));
        }
        remaining.forEach((key, quantity) ->
                drifts.add(new Missing(keys.get(key).dateKey(), keys.get(key).item(), quantity)));
        drifts.sort(BY_KEY);
        return List.copyOf(drifts);
    }

    private static String key(String date, String item) {
        return date + "\u0000" + item;
    }
}
