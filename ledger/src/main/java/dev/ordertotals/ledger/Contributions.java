package dev.ordertotals.ledger;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.TotalKey;
import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Collectors;

/** How contributions and total changes read in the tools' output. */
public final class Contributions {

    private Contributions() {}

    /** {@code 10 x item123 on 2026-11-24}, or {@code nothing}. */
    public static String describe(Contribution contribution) {
        return switch (contribution) {
            case Contribution.Counted(TotalKey key, long quantity) ->
                quantity + " x " + key.item() + " on " + key.dateKey();
            case Contribution.None none -> "nothing";
        };
    }

    /**
     * {@code order 3: ledger says 7 x item312 on 2026-11-24, order says 8 x item312 on 2026-11-24}: an entry beside its
     * order, as {@code verify} and {@code reconcile} both report it (then each adds what it found or did).
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

    /** {@code 2026-11-24 item123 +2, 2026-11-25 item123 -10}, or {@code none}. */
    public static String describe(Map<TotalKey, BigInteger> deltas) {
        if (deltas.isEmpty()) {
            return "none";
        }
        return deltas.entrySet().stream()
                .map(entry -> entry.getKey().dateKey() + " " + entry.getKey().item() + " "
                        + (entry.getValue().signum() > 0 ? "+" : "") + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
