package dev.ordertotals.aggregation;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import dev.ordertotals.contract.aggregation.Measure;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pipeline's aggregations, as configured: how an image reads for all of them, and how moving an order's
 * contribution changes their totals. Parts kept in the ledger under a name that is not configured (an aggregation
 * since removed) are never read as live: they move no total.
 */
public final class Aggregations {

    private final List<AggregationRules> rules;
    private final List<Aggregation> aggregations;
    private final Set<String> names;

    private Aggregations(List<Aggregation> aggregations) {
        AggregationDeclarations.check(aggregations);
        this.rules = aggregations.stream().map(AggregationRules::new).toList();
        this.aggregations = List.copyOf(aggregations);
        this.names = aggregations.stream().map(Aggregation::name).collect(Collectors.toUnmodifiableSet());
    }

    public static Aggregations of(List<Aggregation> aggregations) {
        if (aggregations.isEmpty()) {
            throw new IllegalArgumentException("at least one aggregation is needed");
        }
        return new Aggregations(aggregations);
    }

    /** The source document's aggregation alone, into {@code totalsTable}. */
    public static Aggregations orderTotals(String totalsTable) {
        return of(List.of(Aggregation.orderTotals(totalsTable)));
    }

    public List<Aggregation> all() {
        return aggregations;
    }

    public Aggregation named(String name) {
        return all().stream()
                .filter(aggregation -> aggregation.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no aggregation named '" + name + "' (configured: "
                        + all().stream().map(Aggregation::name).toList() + ")"));
    }

    /** Only the aggregation {@code name}, for tools that work on one. */
    public Aggregations only(String name) {
        return of(List.of(named(name)));
    }

    public OrderReading read(OrderImage image) {
        if (image == null) {
            return OrderReading.ABSENT;
        }
        SortedMap<String, Contribution.Part> parts = new TreeMap<>();
        SortedMap<String, String> malformed = new TreeMap<>();
        for (AggregationRules aggregation : rules) {
            String name = aggregation.aggregation().name();
            switch (aggregation.read(image)) {
                case ImageReading.Counted(Contribution.Part part) -> parts.put(name, part);
                case ImageReading.Invalid(String reason) -> malformed.put(name, reason);
                case ImageReading.NotCounted notCounted -> {}
                case ImageReading.Absent absent -> {}
            }
        }
        return new OrderReading(parts.isEmpty() ? Contribution.NONE : new Contribution(parts), malformed);
    }

    /**
     * The changes to the totals that move an order's contribution from {@code from} to {@code to}, for the configured
     * aggregations: per total, each measure's non-zero difference; totals in key order.
     */
    public SortedMap<TotalKey, SortedMap<String, BigInteger>> deltas(Contribution from, Contribution to) {
        SortedMap<TotalKey, SortedMap<String, BigInteger>> deltas = new TreeMap<>();
        for (AggregationRules rule : rules) {
            Aggregation aggregation = rule.aggregation();
            add(deltas, aggregation, from.parts().get(aggregation.name()), -1);
            add(deltas, aggregation, to.parts().get(aggregation.name()), 1);
        }
        deltas.values().forEach(measures -> measures.values().removeIf(delta -> delta.signum() == 0));
        deltas.values().removeIf(Map::isEmpty);
        return deltas;
    }

    private static void add(
            SortedMap<TotalKey, SortedMap<String, BigInteger>> deltas,
            Aggregation aggregation,
            Contribution.Part part,
            int sign) {
        if (part == null || part.key().size() != aggregation.groupBy().size()) {
            return; // not counted here, or kept under an earlier definition with other keys: nothing to move
        }
        TotalKey key = new TotalKey(aggregation.table(), aggregation.keyAttributes(), part.key());
        for (Measure measure : aggregation.measures()) {
            Long value = part.measures().get(measure.attribute());
            if (value != null) {
                deltas.computeIfAbsent(key, ignored -> new TreeMap<>())
                        .merge(
                                measure.attribute(),
                                BigInteger.valueOf(value).multiply(BigInteger.valueOf(sign)),
                                BigInteger::add);
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Aggregations that && that.all().equals(all());
    }

    @Override
    public int hashCode() {
        return all().hashCode();
    }

    @Override
    public String toString() {
        return all().toString();
    }

    /**
     * {@code target}, plus the parts of {@code current} under names that are not configured here: the function
     * neither moves nor drops an aggregation it does not know (one added by a newer deployment while this one still
     * runs, or one since removed, whose leftovers {@code reconcile} cleans).
     */
    public Contribution keepingOthers(Contribution target, Contribution current) {
        if (names.containsAll(current.parts().keySet())) {
            return target; // the common case, on every write of the function: nothing to keep
        }
        SortedMap<String, Contribution.Part> parts = new TreeMap<>(target.parts());
        current.parts().forEach((name, part) -> {
            if (!names.contains(name)) {
                parts.put(name, part);
            }
        });
        return parts.isEmpty() ? Contribution.NONE : new Contribution(parts);
    }

    /** The parts of {@code contribution} under the names configured here (an entry's, for the aggregations checked). */
    public Contribution partsOf(Contribution contribution) {
        SortedMap<String, Contribution.Part> parts = new TreeMap<>(contribution.parts());
        parts.keySet().retainAll(names);
        return parts.isEmpty() ? Contribution.NONE : new Contribution(parts);
    }

    /** Whether every aggregation configured here is one of {@code others}, declared alike. */
    public boolean within(Aggregations others) {
        return others.all().containsAll(aggregations);
    }

    /** The names of the configured aggregations. */
    public List<String> names() {
        return aggregations.stream().map(Aggregation::name).toList();
    }
}
