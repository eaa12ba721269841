package dev.ordertotals.aggregation;

import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the totals count for one order: its quantity under one (day, item) key, or nothing. The ledger keeps one
 * per order, and every total equals the sum of the contributions with its key.
 */
public sealed interface Contribution {

    Contribution NONE = new None();

    /** The order counts {@code quantity} towards the total of {@code key}. */
    record Counted(TotalKey key, long quantity) implements Contribution {}

    /** The order counts nothing: absent, deleted, not an order, zero quantity, or malformed. */
    record None() implements Contribution {}

    /** What an image contributes: only a valid order counts. */
    static Contribution of(ImageReading reading) {
        return reading instanceof ImageReading.Counted(TotalKey key, long quantity) ? new Counted(key, quantity) : NONE;
    }

    /**
     * The changes to the totals that move an order's contribution from {@code from} to {@code to}: non-zero
     * deltas only, in key order.
     */
    static Map<TotalKey, BigInteger> deltas(Contribution from, Contribution to) {
        Map<TotalKey, BigInteger> deltas = new TreeMap<>();
        if (from instanceof Counted(TotalKey key, long quantity)) {
            deltas.merge(key, BigInteger.valueOf(quantity).negate(), BigInteger::add);
        }
        if (to instanceof Counted(TotalKey key, long quantity)) {
            deltas.merge(key, BigInteger.valueOf(quantity), BigInteger::add);
        }
        deltas.values().removeIf(delta -> delta.signum() == 0);
        return deltas;
    }
}
