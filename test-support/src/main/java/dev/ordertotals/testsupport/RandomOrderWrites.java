package dev.ordertotals.testsupport;

import dev.ordertotals.contract.OrdersItem;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Random writes to a test's orders table, for the randomized exactly-once tests: inserts (a few malformed),
 * changes of quantity, day or item, a change into a malformed order, a change and its undo back to back
 * ({@code A -> B -> A}), replacements, changes of an attribute the totals do not read, and deletes. Seeded, so a
 * failing round can be rerun.
 *
 * <p>{@link #atDynamoDbsLimits()} adds what DynamoDB's limits make hostile: order ids near the 2,048-byte key limit
 * (multi-byte characters, with {@code |}, {@code =} and {@code \} in them), one order changed
 * {@value #BURST} times in a row, images nested {@value #MAX_NESTING} levels deep, and quantities near 10^15.
 */
public final class RandomOrderWrites {

    /** Changes of one order in a row, in a run at DynamoDB's limits: several runs of one ledger write each. */
    public static final int BURST = 200;
    /** DynamoDB's limit on nested maps and lists in an item. */
    public static final int MAX_NESTING = 32;

    private final Random random;
    private boolean hostile;
    private final LocalTables tables;
    private final int orders;
    private final List<String> days;
    private final int items;
    /** What each order holds now, as last written. */
    private final Map<String, Map<String, AttributeValue>> current = new HashMap<>();

    /**
     * @param orders how many distinct order ids the writes pick from
     * @param days the days ({@code YYYY-MM-DD}) orders are placed on
     * @param items how many distinct items orders are for
     */
    public RandomOrderWrites(long seed, LocalTables tables, int orders, List<String> days, int items) {
        this.random = new Random(seed);
        this.tables = tables;
        this.orders = orders;
        this.days = List.copyOf(days);
        this.items = items;
    }

    /** From now on, the writes include orders at DynamoDB's limits (see the class comment). */
    public RandomOrderWrites atDynamoDbsLimits() {
        hostile = true;
        return this;
    }

    /** One random write; {@code operation} numbers it (it shows in the attribute the totals do not read). */
    public void write(int operation) {
        String orderId = orderId(random.nextInt(orders));
        if (hostile && operation % 1_000 == 500) {
            burst(orderId);
            return;
        }
        Map<String, AttributeValue> order = current.get(orderId);
        int dice = random.nextInt(100);
        if (order == null) {
            order = dice < 5 ? malformed(orderId) : valid(orderId);
        } else if (dice < 15) {
            tables.deleteOrder(orderId);
            current.remove(orderId);
            return;
        } else if (dice < 40) {
            order = with(order, OrdersItem.QUANTITY, AttributeValue.fromN(Long.toString(quantity())));
        } else if (dice < 55) {
            order = with(order, OrdersItem.ORDER_DATE, AttributeValue.fromS(date()));
        } else if (dice < 70) {
            order = with(order, OrdersItem.ITEM_ID, AttributeValue.fromS(item()));
        } else if (dice < 75) {
            order = malformed(orderId);
        } else if (dice < 85) {
            tables.putOrder(with(order, OrdersItem.ITEM_ID, AttributeValue.fromS("detour"))); // then back: A -> B -> A
        } else if (dice < 95) {
            order = valid(orderId);
        } else {
            order = with(order, "note", AttributeValue.fromS("note " + operation));
        }
        tables.putOrder(order);
        current.put(orderId, order);
    }

    /** {@value #BURST} quantity changes of one order, one after the other. */
    private void burst(String orderId) {
        Map<String, AttributeValue> order = current.getOrDefault(orderId, valid(orderId));
        for (int change = 0; change < BURST; change++) {
            order = with(order, OrdersItem.QUANTITY, AttributeValue.fromN(Long.toString(quantity())));
            tables.putOrder(order);
        }
        current.put(orderId, order);
    }

    /** Order n's id; at DynamoDB's limits, every seventh is as long as a key can be and full of separators. */
    private String orderId(int n) {
        if (!hostile || n % 7 != 0) {
            return "o" + n;
        }
        String prefix = "o" + n + "|order_id=S:\\|=";
        int room = 2_048 - prefix.getBytes(StandardCharsets.UTF_8).length;
        return prefix + "€".repeat(room / 3); // three bytes each
    }

    private Map<String, AttributeValue> valid(String orderId) {
        Map<String, AttributeValue> order = new HashMap<>(Map.of(
                OrdersItem.ORDER_ID, AttributeValue.fromS(orderId),
                OrdersItem.ORDER_DATE, AttributeValue.fromS(date()),
                OrdersItem.ITEM_ID, AttributeValue.fromS(item()),
                OrdersItem.QUANTITY, AttributeValue.fromN(Long.toString(quantity()))));
        if (hostile && random.nextInt(10) == 0) {
            order.put("details", nested(MAX_NESTING));
        }
        return order;
    }

    /**
     * A value {@code levels} deep as DynamoDB counts them: the attribute's own value is the first level, so a string
     * inside 31 maps is 32 levels, the most an item may hold.
     */
    private static AttributeValue nested(int levels) {
        AttributeValue value = AttributeValue.fromS("deepest");
        for (int level = 1; level < levels; level++) {
            value = AttributeValue.fromM(Map.of("level" + (levels - level), value));
        }
        return value;
    }

    /** An order the function must quarantine: each way an image can break the source document's rules. */
    private Map<String, AttributeValue> malformed(String orderId) {
        return switch (random.nextInt(4)) {
            case 0 -> with(valid(orderId), OrdersItem.QUANTITY, AttributeValue.fromN("2.5"));
            case 1 -> with(valid(orderId), OrdersItem.QUANTITY, AttributeValue.fromS("abc"));
            case 2 -> with(valid(orderId), OrdersItem.ORDER_DATE, AttributeValue.fromS("yesterday"));
            default -> with(valid(orderId), OrdersItem.ITEM_ID, AttributeValue.fromN("42"));
        };
    }

    private static Map<String, AttributeValue> with(
            Map<String, AttributeValue> order, String name, AttributeValue value) {
        Map<String, AttributeValue> changed = new HashMap<>(order);
        changed.put(name, value);
        return changed;
    }

    private String date() {
        return days.get(random.nextInt(days.size())) + "T"
                + String.format("%02d:%02d:00Z", random.nextInt(24), random.nextInt(60));
    }

    private String item() {
        return "item" + random.nextInt(items);
    }

    private long quantity() {
        if (hostile && random.nextInt(20) == 0) {
            return 1_000_000_000_000_000L - random.nextInt(1_000); // near the rules' bound of 10^15
        }
        return 1 + random.nextInt(50);
    }
}
