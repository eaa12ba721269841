package dev.ordertotals.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.testsupport.ExampleAggregations;
import dev.ordertotals.testsupport.LocalPipeline;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Several aggregations declared over one stream ({@code AGGREGATIONS}), through the function's batch path in Lambda's
 * wire format against the engine: the source document's daily totals, a monthly total per item, and a daily count of
 * paid orders, each into its own table, moved together batch by batch.
 */
class DeclaredAggregationsTest {

    private static final String NOV_25 = "2026-11-25T10:15:00Z";
    private static final String NOV_30 = "2026-11-30T23:30:00-05:00";
    private static final String DEC_01 = "2026-12-01T08:00:00Z";

    private LocalPipeline pipeline;
    private String monthly;
    private String paidOrders;

    @BeforeEach
    void createTables() {
        pipeline = LocalPipeline.create();
        monthly = createTotalsTable("month", "item_number");
        paidOrders = createTotalsTable("order_date", null);
    }

    @Test
    void everyDeclaredAggregationCountsEveryOrderInOnePass() {
        putOrder("1", NOV_25, "item1", 10, "paid");
        putOrder("2", NOV_30, "item1", 5, "open");
        putOrder("3", DEC_01, "item1", 7, "paid");
        putOrder("4", DEC_01, "item2", 1, null);

        pipeline.drain(processor(threeAggregations()), 2);

        assertThat(pipeline.tables().totalsByKey())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "2026-11-25|item1",
                        10L,
                        "2026-11-30|item1",
                        5L,
                        "2026-12-01|item1",
                        7L,
                        "2026-12-01|item2",
                        1L));
        assertThat(totals(monthly, "month", "item_number", "quantity"))
                .as("the month as written, not converted to UTC: order 2 is November's")
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("2026-11|item1", 15L, "2026-12|item1", 7L, "2026-12|item2", 1L));
        assertThat(totals(paidOrders, "order_date", null, "orders"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-11-25", 1L, "2026-12-01", 1L));
    }

    @Test
    void changesAndDeletesMoveEveryAggregationByTheSameOrdersDifference() {
        BatchProcessor processor = processor(threeAggregations());
        putOrder("1", NOV_25, "item1", 10, "paid");
        putOrder("2", NOV_30, "item1", 5, "paid");
        pipeline.drain(processor, 2);

        putOrder("1", DEC_01, "item1", 4, "paid"); // moves day and month
        putOrder("2", NOV_30, "item1", 5, "open"); // leaves the paid count only
        pipeline.tables().deleteOrder("1");
        putOrder("1", DEC_01, "item2", 3, "paid"); // back, another item
        pipeline.drain(processor, 2);

        assertThat(pipeline.tables().nonZeroTotals())
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-11-30|item1", 5L, "2026-12-01|item2", 3L));
        assertThat(totals(monthly, "month", "item_number", "quantity"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-11|item1", 5L, "2026-12|item2", 3L));
        assertThat(totals(paidOrders, "order_date", null, "orders"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-12-01", 1L));
    }

    @Test
    void anOrderMalformedForOneAggregationCountsInTheOthersAndIsQuarantinedNamingIt() {
        Map<String, AttributeValue> order = new HashMap<>(order("1", NOV_25, "item1", 10, "paid"));
        order.put("created_at", AttributeValue.fromS("last tuesday"));
        pipeline.tables().putOrder(order);

        pipeline.drain(processor(List.of(orderTotals(), byCreationMonth())), 2);

        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item1", 10L));
        assertThat(totals(monthly, "month", "item_number", "quantity")).isEmpty();
        assertThat(pipeline.tables()
                        .ledgerItem("1")
                        .get(LedgerItem.QUARANTINE_REASON)
                        .s())
                .isEqualTo("NewImage: aggregation monthly_by_creation: created_at 'last tuesday' does not start with an"
                        + " ISO date YYYY-MM-DD");
    }

    @Test
    void anAggregationAddedLaterCountsEachOrderFromItsNextChange() {
        putOrder("1", NOV_25, "item1", 10, "paid");
        putOrder("2", NOV_25, "item2", 3, "paid");
        pipeline.drain(processor(List.of(orderTotals())), 2);

        // Deployed with a second aggregation: the entries hold no part for it yet, and the move starts from that.
        putOrder("1", NOV_25, "item1", 12, "paid");
        pipeline.drain(processor(threeAggregations()), 2);

        assertThat(pipeline.tables().totalsByKey())
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-11-25|item1", 12L, "2026-11-25|item2", 3L));
        assertThat(totals(monthly, "month", "item_number", "quantity"))
                .as("order 1 counted in full; order 2, unchanged, waits for reconcile's backfill")
                .containsExactlyEntriesOf(Map.of("2026-11|item1", 12L));
    }

    @Test
    void aRemovedAggregationsTotalsAreLeftAsTheyWereAndTheOthersStayExact() {
        putOrder("1", NOV_25, "item1", 10, "paid");
        pipeline.drain(processor(threeAggregations()), 2);

        putOrder("1", NOV_25, "item1", 2, "paid");
        pipeline.drain(processor(List.of(orderTotals())), 2);

        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item1", 2L));
        assertThat(totals(monthly, "month", "item_number", "quantity"))
                .as("no longer kept")
                .containsExactlyEntriesOf(Map.of("2026-11|item1", 10L));
    }

    @Test
    void twoAggregationsSharingATableAndItsKeysAddTheirMeasuresIntoOneTotal() {
        putOrder("1", NOV_25, "item1", 10, "paid");
        putOrder("2", NOV_25, "item1", 5, null);
        putOrder("2", NOV_25, "item1", 0, null); // no quantity any more, but still an order: counted

        pipeline.drain(processor(List.of(orderTotals(), ordersPerDayAndItemInTheTotalsTable())), 2);

        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item1", 10L));
        assertThat(totals(pipeline.tables().totals(), "order_date", "item_number", "orders"))
                .as("the same item as the quantity, one more attribute")
                .containsExactlyEntriesOf(Map.of("2026-11-25|item1", 2L));
    }

    private BatchProcessor processor(List<String> aggregations) {
        Map<String, String> environment = new HashMap<>(pipeline.tables().functionEnvironment());
        environment.put(FunctionEnvironment.AGGREGATIONS, "[" + String.join(",", aggregations) + "]");
        return FunctionWiring.processorOver(pipeline.dynamo(), environment, CommitSettings.defaults());
    }

    private List<String> threeAggregations() {
        return List.of(orderTotals(), monthlyPerItem(), paidOrdersPerDay());
    }

    private String orderTotals() {
        return """
                {"name": "daily_item_quantity", "table": "%s",
                 "groupBy": [{"attribute": "order_date", "transform": "date"},
                             {"attribute": "item_number", "from": "item_id"}],
                 "measures": [{"attribute": "quantity", "sum": "quantity"}]}""".formatted(pipeline.tables().totals());
    }

    private String monthlyPerItem() {
        return """
                {"name": "monthly_item_quantity", "table": "%s",
                 "groupBy": [{"attribute": "month", "from": "order_date", "transform": "month"},
                             {"attribute": "item_number", "from": "item_id"}],
                 "measures": [{"attribute": "quantity", "sum": "quantity"}]}""".formatted(monthly);
    }

    /** A count of orders per day and item, into the source document's totals table beside its quantity. */
    private String ordersPerDayAndItemInTheTotalsTable() {
        return """
                {"name": "daily_item_orders", "table": "%s",
                 "groupBy": [{"attribute": "order_date", "transform": "date"},
                             {"attribute": "item_number", "from": "item_id"}],
                 "measures": [{"attribute": "orders", "count": true}]}""".formatted(pipeline.tables().totals());
    }

    private String byCreationMonth() {
        return """
                {"name": "monthly_by_creation", "table": "%s",
                 "groupBy": [{"attribute": "month", "from": "created_at", "transform": "month"},
                             {"attribute": "item_number", "from": "item_id"}],
                 "measures": [{"attribute": "quantity", "sum": "quantity"}]}""".formatted(monthly);
    }

    private String paidOrdersPerDay() {
        return """
                {"name": "daily_paid_orders", "table": "%s",
                 "groupBy": [{"attribute": "order_date", "transform": "date"}],
                 "measures": [{"attribute": "orders", "count": true}],
                 "filter": {"attribute": "status", "equals": "paid"}}""".formatted(paidOrders);
    }

    private void putOrder(String id, String date, String item, long quantity, String status) {
        pipeline.tables().putOrder(order(id, date, item, quantity, status));
    }

    private static Map<String, AttributeValue> order(
            String id, String date, String item, long quantity, String status) {
        Map<String, AttributeValue> order = new HashMap<>(Map.of(
                "order_id", AttributeValue.fromS(id),
                "order_date", AttributeValue.fromS(date),
                "item_id", AttributeValue.fromS(item),
                "quantity", AttributeValue.fromN(Long.toString(quantity))));
        if (status != null) {
            order.put("status", AttributeValue.fromS(status));
        }
        return order;
    }

    /** Non-zero values of {@code measure}, by the key values joined with {@code |}. */
    private Map<String, Long> totals(String table, String partitionKey, String sortKey, String measure) {
        Map<String, Long> totals = new TreeMap<>();
        for (Map<String, AttributeValue> item : pipeline.tables().scan(table)) {
            String key = item.get(partitionKey).s()
                    + (sortKey == null ? "" : "|" + item.get(sortKey).s());
            long value = Long.parseLong(item.get(measure).n());
            if (value != 0) {
                totals.put(key, value);
            }
        }
        return totals;
    }

    private String createTotalsTable(String partitionKey, String sortKey) {
        return ExampleAggregations.createTotalsTable(
                pipeline.tables(), "totals-" + partitionKey, partitionKey, sortKey);
    }
}
