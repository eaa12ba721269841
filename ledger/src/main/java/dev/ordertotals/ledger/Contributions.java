package dev.ordertotals.ledger;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Collectors;

/** How contributions and total changes read in the tools' output, each naming its aggregation. */
public final class Contributions {

    private Contributions() {}

    /** {@code daily_item_quantity(2026-11-24, item123): quantity 10}, one per aggregation joined by {@code  + }, or {@code nothing}. */
    public static String describe(Contribution contribution) {
        if (contribution.isEmpty()) {
            return "nothing";
        }
        return contribution.parts().entrySet().stream()
                .map(entry -> entry.getKey() + "("
                        + String.join(", ", entry.getValue().key()) + "): "
                        + entry.getValue().measures().entrySet().stream()
                                .map(measure -> measure.getKey() + " " + measure.getValue())
                                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining(" + "));
    }

    /**
     * {@code order 3: ledger says daily_item_quantity(2026-11-24, item312): quantity 7, order says ...}: an entry
     * beside its order, as {@code verify} and {@code reconcile} both report it (then each adds what it found or did).
     */
    public static StringBuilder entryBesideOrder(
            String orderKey, boolean orderExists, Contribution ledger, Contribution order) {
        return new StringBuilder("order ")
                .append(orderKey)
                .append(orderExists ? "" : " (no longer exists)")
                .append(": ledger says ")
                .append(describe(ledger))
                .append(", order says ")
                .append(describe(order));
    }

    /**
     * {@code daily_item_quantity(2026-11-24, item123): quantity +2, daily_item_quantity(2026-11-25, item123): quantity
     * -10}, or {@code none}: each total named by the aggregation that keeps its measure.
     */
    public static String describe(Map<TotalKey, ? extends Map<String, BigInteger>> deltas, Aggregations aggregations) {
        if (deltas.isEmpty()) {
            return "none";
        }
        return deltas.entrySet().stream()
                .flatMap(entry -> entry.getValue().entrySet().stream()
                        .map(measure -> owner(entry.getKey(), measure.getKey(), aggregations) + "("
                                + String.join(", ", entry.getKey().values()) + "): " + measure.getKey() + " "
                                + (measure.getValue().signum() > 0 ? "+" : "") + measure.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The aggregation that adds {@code measure} into the total {@code key}, or the table's name if none does. */
    private static String owner(TotalKey key, String measure, Aggregations aggregations) {
        return aggregations.all().stream()
                .filter(aggregation -> aggregation.table().equals(key.table())
                        && aggregation.keyAttributes().equals(key.attributes())
                        && aggregation.measures().stream()
                                .anyMatch(declared -> declared.attribute().equals(measure)))
                .map(Aggregation::name)
                .findFirst()
                .orElse(key.table());
    }
}
