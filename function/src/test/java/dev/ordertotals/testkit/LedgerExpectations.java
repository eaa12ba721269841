package dev.ordertotals.testkit;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.stream.OrderImages;
import dev.ordertotals.testsupport.LocalTables;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the three levels must say at the end of a randomized run, each side computed independently: from a scan of
 * the orders table (with the handler's own rules), and from the ledger and totals as stored.
 */
public final class LedgerExpectations {

    /** The source document's aggregation, as the tests' pipelines run it (its table's name plays no part here). */
    public static final Aggregations ORDER_TOTALS = Aggregations.orderTotals("totals");

    private LedgerExpectations() {}

    /** What an order counts under the source document's aggregation: {@code quantity} of {@code item} on {@code day}. */
    public static Contribution counted(String day, String item, long quantity) {
        return new Contribution(new TreeMap<>(Map.of(
                Aggregation.ORDER_TOTALS, Contribution.Part.of(List.of(day, item), Map.of("quantity", quantity)))));
    }

    /**
     * Every non-zero total recomputed from a scan of the orders, {@code "YYYY-MM-DD|item" -> quantity}: the sum, per
     * key, of what each order's current image counts, exactly.
     */
    public static Map<String, BigInteger> totalsFromOrders(LocalTables tables) {
        Map<String, BigInteger> expected = new TreeMap<>();
        orderContributions(tables).values().forEach(contribution -> {
            Contribution.Part part = contribution.parts().get(Aggregation.ORDER_TOTALS);
            if (part != null) {
                expected.merge(
                        String.join("|", part.key()),
                        BigInteger.valueOf(part.measures().get("quantity")),
                        BigInteger::add);
            }
        });
        expected.values().removeIf(quantity -> quantity.signum() == 0);
        return expected;
    }

    /**
     * Every non-zero total of every one of {@code aggregations}, recomputed from a scan of the orders:
     * {@code "aggregation|key values|measure" -> value}.
     */
    public static Map<String, BigInteger> totalsFromOrders(LocalTables tables, Aggregations aggregations) {
        Map<String, BigInteger> expected = new TreeMap<>();
        for (Map<String, AttributeValue> item : tables.scan(tables.orders())) {
            aggregations
                    .read(OrderImages.of(item))
                    .contribution()
                    .parts()
                    .forEach((name, part) -> part.measures()
                            .forEach((measure, value) -> expected.merge(
                                    name + "|" + String.join("|", part.key()) + "|" + measure,
                                    BigInteger.valueOf(value),
                                    BigInteger::add)));
        }
        expected.values().removeIf(value -> value.signum() == 0);
        return expected;
    }

    /** Every non-zero total of every one of {@code aggregations} as stored, keyed as {@link #totalsFromOrders}. */
    public static Map<String, BigInteger> nonZeroTotals(LocalTables tables, Aggregations aggregations) {
        Map<String, BigInteger> totals = new TreeMap<>();
        for (Aggregation aggregation : aggregations.all()) {
            for (Map<String, AttributeValue> item : tables.scan(aggregation.table())) {
                String key = aggregation.keyAttributes().stream()
                        .map(attribute -> item.get(attribute).s())
                        .collect(Collectors.joining("|"));
                for (Measure measure : aggregation.measures()) {
                    AttributeValue value = item.get(measure.attribute());
                    BigInteger number = value == null ? BigInteger.ZERO : new BigDecimal(value.n()).toBigIntegerExact();
                    if (number.signum() != 0) {
                        totals.put(aggregation.name() + "|" + key + "|" + measure.attribute(), number);
                    }
                }
            }
        }
        return totals;
    }

    /** Order id to what its current image contributes to {@code aggregations}, for the orders that count. */
    public static Map<String, Contribution> orderContributions(LocalTables tables, Aggregations aggregations) {
        Map<String, Contribution> counted = new TreeMap<>();
        for (Map<String, AttributeValue> item : tables.scan(tables.orders())) {
            Contribution contribution = aggregations.read(OrderImages.of(item)).contribution();
            if (!contribution.isEmpty()) {
                counted.put(item.get(OrdersItem.ORDER_ID).s(), contribution);
            }
        }
        return counted;
    }

    /** The orders whose current image is malformed for any of {@code aggregations}. */
    public static Set<String> malformedOrders(LocalTables tables, Aggregations aggregations) {
        return tables.scan(tables.orders()).stream()
                .filter(item -> aggregations.read(OrderImages.of(item)).isMalformed())
                .map(item -> item.get(OrdersItem.ORDER_ID).s())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every non-zero total as stored. */
    public static Map<String, BigInteger> nonZeroTotals(LocalTables tables) {
        Map<String, BigInteger> totals = new TreeMap<>(tables.exactTotals());
        totals.values().removeIf(quantity -> quantity.signum() == 0);
        return totals;
    }

    /** Order id to what the ledger counts for it, for the orders it counts something for. */
    public static Map<String, Contribution> ledgerContributions(LocalTables tables) {
        Map<String, Contribution> counted = new TreeMap<>();
        tables.ledgerItems().forEach((orderId, item) -> {
            Contribution contribution = LedgerEntry.from(item).contribution();
            if (!contribution.isEmpty()) {
                counted.put(orderId, contribution);
            }
        });
        return counted;
    }

    /** Order id to what its current image contributes, for the orders that count. */
    public static Map<String, Contribution> orderContributions(LocalTables tables) {
        Map<String, Contribution> counted = new TreeMap<>();
        for (Map<String, AttributeValue> item : tables.scan(tables.orders())) {
            Contribution contribution = ORDER_TOTALS.read(OrderImages.of(item)).contribution();
            if (!contribution.isEmpty()) {
                counted.put(item.get(OrdersItem.ORDER_ID).s(), contribution);
            }
        }
        return counted;
    }

    /** The orders the quarantine index lists, of every kind. */
    public static Set<String> quarantinedOrders(LocalTables tables) {
        return tables.quarantine().stream()
                .map(item -> item.get(LedgerItem.ORDER_KEY)
                        .m()
                        .get(OrdersItem.ORDER_ID)
                        .s())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The orders whose current image is malformed. */
    public static Set<String> malformedOrders(LocalTables tables) {
        return tables.scan(tables.orders()).stream()
                .filter(item -> ORDER_TOTALS.read(OrderImages.of(item)).isMalformed())
                .map(item -> item.get(OrdersItem.ORDER_ID).s())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
