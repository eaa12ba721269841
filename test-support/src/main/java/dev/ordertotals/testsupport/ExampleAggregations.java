package dev.ordertotals.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import dev.ordertotals.contract.aggregation.Filter;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import dev.ordertotals.localengine.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Aggregations declared beside the source document's, over a test's {@link LocalTables}, with their totals tables
 * created in the engine: a monthly sum per item (a month bucket) and a daily count of the orders that carry a
 * {@code note} (a count with a filter). What the randomized tests run with three aggregations, as a stack declaring
 * them would configure the function; the tables are tagged as the stack tags those of declared aggregations (the
 * pipeline's totals tables), so the operator tools take them.
 *
 * @param monthlyTable keyed by {@code month} and {@code item_number}
 * @param notedOrdersTable keyed by {@code order_date}
 */
public record ExampleAggregations(LocalTables tables, String monthlyTable, String notedOrdersTable) {

    public static ExampleAggregations create(LocalTables tables) {
        return new ExampleAggregations(
                tables,
                createTotalsTable(tables, "monthly", "month", "item_number"),
                createTotalsTable(tables, "noted", "order_date", null));
    }

    public Aggregation orderTotals() {
        return Aggregation.orderTotals(tables.totals());
    }

    public Aggregation monthlyPerItem() {
        return new Aggregation(
                "monthly_item_quantity",
                monthlyTable,
                List.of(
                        new GroupKey("month", OrdersItem.ORDER_DATE, Transform.MONTH),
                        new GroupKey("item_number", OrdersItem.ITEM_ID, Transform.VALUE)),
                List.of(new Measure.Sum("quantity", OrdersItem.QUANTITY)),
                Optional.empty());
    }

    public Aggregation notedOrdersPerDay() {
        return new Aggregation(
                "daily_noted_orders",
                notedOrdersTable,
                List.of(new GroupKey("order_date", OrdersItem.ORDER_DATE, Transform.DATE)),
                List.of(new Measure.Count("orders")),
                Optional.of(new Filter.Exists("note")));
    }

    /** All three. */
    public List<Aggregation> all() {
        return List.of(orderTotals(), monthlyPerItem(), notedOrdersPerDay());
    }

    /** {@code aggregations} as the function's {@code AGGREGATIONS} holds them (what the tools' --aggregations takes). */
    public static String declarations(List<Aggregation> aggregations) {
        try {
            return Json.MAPPER.writeValueAsString(AggregationDeclarations.toPlain(aggregations));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The function's environment as a stack declaring {@code aggregations} sets it. */
    public Map<String, String> functionEnvironment(List<Aggregation> aggregations) {
        Map<String, String> environment = new HashMap<>(tables.functionEnvironment());
        environment.put(FunctionEnvironment.AGGREGATIONS, declarations(aggregations));
        return Map.copyOf(environment);
    }

    /**
     * Creates a totals table in the engine as the stack does for a declared aggregation: string keys, tagged as the
     * pipeline's totals table. Returns its name.
     *
     * @param sortKey null for a table with a partition key only
     */
    public static String createTotalsTable(LocalTables tables, String label, String partitionKey, String sortKey) {
        String name = Names.uniquePrefix() + "-" + label;
        List<Tag> tags = List.of(
                Tag.builder()
                        .key(PipelineTags.PIPELINE)
                        .value(tables.deployment().stackId())
                        .build(),
                Tag.builder()
                        .key(PipelineTags.ROLE)
                        .value(PipelineTags.ROLE_TOTALS)
                        .build(),
                Tag.builder()
                        .key(PipelineTags.ORDERS_TABLE)
                        .value(tables.orders())
                        .build());
        tables.dynamo().createTable(request -> {
            request.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).tags(tags);
            if (sortKey == null) {
                request.keySchema(key -> key.attributeName(partitionKey).keyType(KeyType.HASH))
                        .attributeDefinitions(attribute ->
                                attribute.attributeName(partitionKey).attributeType(ScalarAttributeType.S));
            } else {
                request.keySchema(
                                key -> key.attributeName(partitionKey).keyType(KeyType.HASH),
                                key -> key.attributeName(sortKey).keyType(KeyType.RANGE))
                        .attributeDefinitions(
                                attribute ->
                                        attribute.attributeName(partitionKey).attributeType(ScalarAttributeType.S),
                                attribute -> attribute.attributeName(sortKey).attributeType(ScalarAttributeType.S));
            }
        });
        return name;
    }
}
