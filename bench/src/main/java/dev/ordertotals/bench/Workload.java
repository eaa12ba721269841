package dev.ordertotals.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Deterministic order workloads on the local engine. Tables are shaped as the stack deploys them (orders with a
 * NEW_AND_OLD_IMAGES stream, totals keyed by date and item, the aggregator's state table). Orders are written
 * with PutItem/DeleteItem in the same proportions as the baseline's generator: 60% new orders, 25% changes to a
 * live order (new quantity; in one change of five also a new item, in one of five a new date), 15% deletes;
 * five days, twenty items, quantities 1..50. The same seed gives the same operations.
 */
public final class Workload {

    public static final String[] DAYS = {"2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"};

    /** Names of one set of tables. */
    public record Tables(String orders, String totals, String ledger, String streamArn) {}

    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final SplittableRandom random;
    private final Map<String, Map<String, AttributeValue>> live = new HashMap<>();
    private final List<String> liveIds = new ArrayList<>();
    private int created;
    private final String idPrefix;

    public Workload(DynamoDbClient dynamo, Tables tables, long seed, String idPrefix) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.random = new SplittableRandom(seed);
        this.idPrefix = idPrefix;
    }

    /** Creates (or re-creates) the three tables named {@code <prefix>-orders}, {@code -totals}, {@code -state}. */
    public static Tables createTables(DynamoDbClient dynamo, String prefix) {
        String orders = prefix + "-orders";
        String totals = prefix + "-totals";
        String state = prefix + "-state";
        for (String table : List.of(orders, totals, state)) {
            try {
                dynamo.deleteTable(request -> request.tableName(table));
            } catch (ResourceNotFoundException absent) {
                // first use
            }
        }
        String streamArn = dynamo.createTable(request -> request.tableName(orders)
                        .keySchema(key("order_id", KeyType.HASH))
                        .attributeDefinitions(string("order_id"))
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .streamSpecification(
                                spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription()
                .latestStreamArn();
        createWithSortKey(dynamo, totals, "order_date", "item_number");
        createWithSortKey(dynamo, state, "pk", "sk");
        return new Tables(orders, totals, state, streamArn);
    }

    /** Applies operations until {@code orders} new orders have been created. Returns the number of operations. */
    public int run(int orders) {
        int operations = 0;
        int target = created + orders;
        while (created < target) {
            double roll = random.nextDouble();
            if (roll < 0.60 || liveIds.isEmpty()) {
                String id = idPrefix + String.format("%06d", created++);
                put(id, order(id));
            } else if (roll < 0.85) {
                String id = liveIds.get(random.nextInt(liveIds.size()));
                Map<String, AttributeValue> changed = new HashMap<>(live.get(id));
                changed.put("quantity", AttributeValue.fromN(Integer.toString(1 + random.nextInt(50))));
                if (random.nextDouble() < 0.2) {
                    changed.put("item_id", AttributeValue.fromS(item()));
                }
                if (random.nextDouble() < 0.2) {
                    changed.put("order_date", AttributeValue.fromS(DAYS[random.nextInt(DAYS.length)] + "T12:00:00Z"));
                }
                put(id, changed);
            } else {
                int at = random.nextInt(liveIds.size());
                String id = liveIds.get(at);
                dynamo.deleteItem(request ->
                        request.tableName(tables.orders()).key(Map.of("order_id", AttributeValue.fromS(id))));
                live.remove(id);
                liveIds.set(at, liveIds.getLast());
                liveIds.removeLast();
            }
            operations++;
        }
        return operations;
    }

    /** The correct totals for the orders now live: {@code "date|item" -> quantity}, zero totals left out. */
    public Map<String, Long> expectedTotals() {
        Map<String, Long> totals = new TreeMap<>();
        for (Map<String, AttributeValue> order : live.values()) {
            String key = order.get("order_date").s().substring(0, 10) + "|"
                    + order.get("item_id").s();
            totals.merge(key, Long.parseLong(order.get("quantity").n()), Long::sum);
        }
        totals.values().removeIf(quantity -> quantity == 0);
        return totals;
    }

    /** The orders now live, as written. */
    public List<Map<String, AttributeValue>> liveOrders() {
        return List.copyOf(live.values());
    }

    /** What the totals table holds, zero totals left out. */
    public static Map<String, Long> actualTotals(DynamoDbClient dynamo, String totalsTable) {
        Map<String, Long> totals = new TreeMap<>();
        dynamo.scanPaginator(request -> request.tableName(totalsTable))
                .items()
                .forEach(item -> totals.put(
                        item.get("order_date").s() + "|"
                                + item.get("item_number").s(),
                        Long.parseLong(item.get("quantity").n())));
        totals.values().removeIf(quantity -> quantity == 0);
        return totals;
    }

    private void put(String id, Map<String, AttributeValue> item) {
        dynamo.putItem(request -> request.tableName(tables.orders()).item(item));
        if (live.put(id, item) == null) {
            liveIds.add(id);
        }
    }

    private Map<String, AttributeValue> order(String id) {
        String date = DAYS[random.nextInt(DAYS.length)]
                + String.format("T%02d:%02d:00Z", random.nextInt(24), random.nextInt(60));
        return Map.of(
                "order_id", AttributeValue.fromS(id),
                "order_date", AttributeValue.fromS(date),
                "item_id", AttributeValue.fromS(item()),
                "quantity", AttributeValue.fromN(Integer.toString(1 + random.nextInt(50))));
    }

    private String item() {
        return String.format("item%03d", 1 + random.nextInt(20));
    }

    /** Creates (or re-creates) a totals table keyed by {@code keys}: a partition key, and a sort key if two. */
    public static void createTotalsTable(DynamoDbClient dynamo, String table, List<String> keys) {
        try {
            dynamo.deleteTable(request -> request.tableName(table));
        } catch (ResourceNotFoundException absent) {
            // first use
        }
        if (keys.size() == 2) {
            createWithSortKey(dynamo, table, keys.get(0), keys.get(1));
        } else {
            dynamo.createTable(request -> request.tableName(table)
                    .keySchema(key(keys.getFirst(), KeyType.HASH))
                    .attributeDefinitions(string(keys.getFirst()))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        }
    }

    private static void createWithSortKey(DynamoDbClient dynamo, String table, String partitionKey, String sortKey) {
        dynamo.createTable(request -> request.tableName(table)
                .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
                .attributeDefinitions(string(partitionKey), string(sortKey))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }
}
