package dev.ordertotals.testkit;

import dev.ordertotals.contract.TotalsItem;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.commit.LedgerTable;
import dev.ordertotals.commit.TotalsTable;
import dev.ordertotals.handler.AggregatorConfig;
import dev.ordertotals.localengine.MotoServer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The three tables on the moto server, shaped as the stack deploys them, with names unique to one test so
 * tests never see each other's data.
 */
public record LocalTables(DynamoDbClient dynamo, String ordersTable, String totalsTable, String stateTable, String ordersStreamArn) {

    public static LocalTables create(DynamoDbClient dynamo) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String orders = "orders-" + suffix;
        String totals = "totals-" + suffix;
        String state = "state-" + suffix;
        String streamArn = dynamo.createTable(request -> request.tableName(orders)
                .keySchema(KeySchemaElement.builder().attributeName("order_id").keyType(KeyType.HASH).build())
                .attributeDefinitions(stringAttribute("order_id"))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
        createWithSortKey(dynamo, totals, TotalsItem.PARTITION_KEY, TotalsItem.SORT_KEY);
        dynamo.createTable(request -> request.tableName(state)
                .keySchema(KeySchemaElement.builder().attributeName(LedgerItem.PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(LedgerItem.SORT_KEY).keyType(KeyType.RANGE).build())
                .attributeDefinitions(stringAttribute(LedgerItem.PARTITION_KEY), stringAttribute(LedgerItem.SORT_KEY),
                        stringAttribute(LedgerItem.QUARANTINE_SHARD), stringAttribute(LedgerItem.QUARANTINED_AT))
                .globalSecondaryIndexes(index -> index.indexName(LedgerItem.QUARANTINE_INDEX)
                        .keySchema(KeySchemaElement.builder().attributeName(LedgerItem.QUARANTINE_SHARD).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(LedgerItem.QUARANTINED_AT).keyType(KeyType.RANGE).build())
                        .projection(projection -> projection.projectionType(ProjectionType.ALL)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return new LocalTables(dynamo, orders, totals, state, streamArn);
    }

    public AggregatorConfig config() {
        return new AggregatorConfig(ordersTable, totalsTable, stateTable, MotoServer.REGION);
    }

    /** Every total as {@code "YYYY-MM-DD|item" -> quantity}, zero totals included. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new TreeMap<>();
        scan(totalsTable).forEach(item -> totals.put(
                item.get(TotalsItem.PARTITION_KEY).s() + "|" + item.get(TotalsItem.SORT_KEY).s(),
                Long.parseLong(item.get(TotalsItem.QUANTITY).n())));
        return totals;
    }

    /** Totals without the zero ones: what a reader of the totals cares about. */
    public Map<String, Long> nonZeroTotals() {
        Map<String, Long> totals = totals();
        totals.values().removeIf(quantity -> quantity == 0);
        return totals;
    }

    /** Every total as {@code "YYYY-MM-DD|item" -> quantity}, exactly (beyond a long if need be). */
    public Map<String, BigInteger> exactTotals() {
        Map<String, BigInteger> totals = new TreeMap<>();
        scan(totalsTable).forEach(item -> totals.put(
                item.get(TotalsItem.PARTITION_KEY).s() + "|" + item.get(TotalsItem.SORT_KEY).s(),
                new BigInteger(item.get(TotalsItem.QUANTITY).n())));
        return totals;
    }

    /** The quarantined ledger entries, read through the sparse index, every shard. */
    public List<Map<String, AttributeValue>> quarantine() {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        for (String value : LedgerItem.quarantineShards()) {
            all.addAll(dynamo.queryPaginator(request -> request.tableName(stateTable).indexName(LedgerItem.QUARANTINE_INDEX)
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", LedgerItem.QUARANTINE_SHARD))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(value)))).items().stream().toList());
        }
        return all;
    }

    /** Every ledger entry, by order id (the stack's orders table is keyed by one string). */
    public Map<String, LedgerEntry> ledger() {
        Map<String, LedgerEntry> ledger = new TreeMap<>();
        scan(stateTable).forEach(item -> ledger.put(item.get(LedgerItem.PARTITION_KEY).s().substring(LedgerItem.ORDER_PREFIX.length()),
                LedgerEntry.from(item)));
        return ledger;
    }

    /** The raw ledger item of one order. */
    public Map<String, AttributeValue> ledgerItem(String orderId) {
        return dynamo.getItem(request -> request.tableName(stateTable).key(LedgerTable.key(orderId)).consistentRead(true)).item();
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        return dynamo.scanPaginator(request -> request.tableName(table)).items().stream().toList();
    }

    public void putOrder(String orderId, String orderDate, String itemId, int quantity) {
        putOrder(Map.of(
                "order_id", AttributeValue.fromS(orderId),
                "order_date", AttributeValue.fromS(orderDate),
                "item_id", AttributeValue.fromS(itemId),
                "quantity", AttributeValue.fromN(Integer.toString(quantity))));
    }

    public void putOrder(Map<String, AttributeValue> item) {
        dynamo.putItem(request -> request.tableName(ordersTable).item(new HashMap<>(item)));
    }

    public void deleteOrder(String orderId) {
        dynamo.deleteItem(request -> request.tableName(ordersTable).key(Map.of("order_id", AttributeValue.fromS(orderId))));
    }

    private static void createWithSortKey(DynamoDbClient dynamo, String table, String partitionKey, String sortKey) {
        dynamo.createTable(request -> request.tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build())
                .attributeDefinitions(stringAttribute(partitionKey), stringAttribute(sortKey))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
