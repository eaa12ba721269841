package dev.ordertotals.aggregation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The arithmetic of the source document, as pure functions: a record's new image adds its quantity to its
 * total, its old image subtracts; deltas of many records are summed per key and zero sums dropped.
 *
 * <p>A record is quarantined when its <em>new</em> image is malformed: that is when an order stops counting.
 * A malformed old image needs no quarantine (it was quarantined when it was written), so the change that fixes
 * or deletes a malformed order simply applies, and does not raise the alarm again.
 */
public final class Aggregation {

    private Aggregation() {}

    public static RecordEffect effectOf(ChangeRecord record) {
        Map<TotalKey, Long> deltas = new LinkedHashMap<>(4);
        List<String> problems = new ArrayList<>(0);
        apply(OrderRules.read(record.oldImage()), -1, "OldImage", deltas, problems);
        apply(OrderRules.read(record.newImage()), +1, "NewImage", deltas, problems);
        deltas.values().removeIf(delta -> delta == 0);
        Optional<String> reason = problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
        return new RecordEffect(record, deltas, reason);
    }

    /**
     * Sums the deltas of many records per key, in key order, without the keys that sum to zero. Sums are exact
     * at any size: ten thousand orders of the largest allowed quantity already pass a {@code long}.
     */
    public static Map<TotalKey, BigInteger> sum(Collection<RecordEffect> effects) {
        Map<TotalKey, BigInteger> sums = new TreeMap<>();
        for (RecordEffect effect : effects) {
            effect.deltas().forEach((key, delta) -> sums.merge(key, BigInteger.valueOf(delta), BigInteger::add));
        }
        sums.values().removeIf(delta -> delta.signum() == 0);
        return sums;
    }

    private static void apply(
            ImageReading reading, int sign, String image, Map<TotalKey, Long> deltas, List<String> problems) {
        switch (reading) {
            case ImageReading.Counted(TotalKey key, long quantity) ->
                deltas.merge(key, Math.multiplyExact(sign, quantity), Math::addExact);
            // A malformed old image counted nothing when it was new, and was quarantined then: nothing to keep now.
            case ImageReading.Invalid(String reason) when sign < 0 -> {}
            case ImageReading.Invalid(String reason) -> problems.add(image + ": " + reason);
            case ImageReading.Absent absent -> {}
            case ImageReading.NotCounted notCounted -> {}
        }
    }
}
