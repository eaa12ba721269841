package dev.ordertotals.operator.testkit;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.testsupport.ExampleAggregations;
import dev.ordertotals.testsupport.LocalTables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A pipeline running three aggregations over a test's {@link LocalTables} ({@link ExampleAggregations}: the source
 * document's, a monthly sum per item, a daily count of the orders with a {@code note}), and the orders the tools'
 * tests use: four, one of them malformed for the two sums and counted by the count.
 */
public record ThreeAggregations(LocalTables tables, ExampleAggregations examples) {

    public static final String DAILY = Aggregation.ORDER_TOTALS;
    public static final String MONTHLY = "monthly_item_quantity";
    public static final String NOTED = "daily_noted_orders";

    public static ThreeAggregations create() {
        LocalTables tables = LocalTables.create();
        return new ThreeAggregations(tables, ExampleAggregations.create(tables));
    }

    /** Orders 1 to 4; order 4's quantity is 2.5, malformed for the two sums. */
    public ThreeAggregations withOrders() {
        putOrder("1", "2026-11-24T08:00:00Z", "item123", AttributeValue.fromN("10"), "gift");
        putOrder("2", "2026-11-24T09:30:00Z", "item123", AttributeValue.fromN("30"), null);
        putOrder("3", "2026-11-25", "item312", AttributeValue.fromN("7"), "rush");
        putOrder("4", "2026-12-01", "item312", AttributeValue.fromN("2.5"), "fragile");
        return this;
    }

    public Aggregations all() {
        return Aggregations.of(examples.all());
    }

    /** The first two: what the function ran before the count was declared. */
    public Aggregations dailyAndMonthly() {
        return Aggregations.of(List.of(examples.orderTotals(), examples.monthlyPerItem()));
    }

    /** All three as the function's AGGREGATIONS holds them. */
    public String declarations() {
        return ExampleAggregations.declarations(examples.all());
    }

    /** {@code --aggregations=} all three. */
    public String option() {
        return "--aggregations=" + declarations();
    }

    public void putOrder(String id, String date, String item, AttributeValue quantity, String note) {
        Map<String, AttributeValue> order = new HashMap<>(Map.of(
                OrdersItem.ORDER_ID, AttributeValue.fromS(id),
                OrdersItem.ORDER_DATE, AttributeValue.fromS(date),
                OrdersItem.ITEM_ID, AttributeValue.fromS(item),
                OrdersItem.QUANTITY, quantity));
        if (note != null) {
            order.put("note", AttributeValue.fromS(note));
        }
        tables.putOrder(order);
    }

    public void putMonthlyTotal(String month, String item, long quantity) {
        tables.dynamo()
                .putItem(request -> request.tableName(examples.monthlyTable())
                        .item(Map.of(
                                "month", AttributeValue.fromS(month),
                                "item_number", AttributeValue.fromS(item),
                                "quantity", AttributeValue.fromN(Long.toString(quantity)))));
    }

    /** Every item of a totals table, raw, keyed by its key values. */
    public Map<String, Map<String, AttributeValue>> totals(String table, List<String> key) {
        Map<String, Map<String, AttributeValue>> totals = new TreeMap<>();
        tables.scan(table)
                .forEach(item -> totals.put(
                        String.join(
                                "|",
                                key.stream()
                                        .map(attribute -> item.get(attribute).s())
                                        .toList()),
                        item));
        return totals;
    }

    /** What each order's ledger entry counts, by order id. */
    public Map<String, Contribution> contributions() {
        Map<String, Contribution> contributions = new TreeMap<>();
        tables.ledgerItems()
                .forEach((id, item) ->
                        contributions.put(id, LedgerEntry.from(item).contribution()));
        return contributions;
    }
}
