package dev.ordertotals.testsupport;

import dev.ordertotals.contract.OrdersItem;
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
 */
public final class RandomOrderWrites {

    private final Random random;
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

    /** One random write; {@code operation} numbers it (it shows in the attribute the totals do not read). */
    public void write(int operation) {
        String orderId = "o" + random.nextInt(orders);
        Map<String, AttributeValue> order = current.get(orderId);
        int dice = random.nextInt(100);
        if (order == null) {
            order = dice < 5 ? malformed(orderId) : valid(orderId);
        } else if (dice < 15) {
            tables.deleteOrder(orderId);
            current.remove(orderId);
            return;
        } else if (dice < 40) {
            order = with(order, OrdersItem.QUANTITY, AttributeValue.fromN(Integer.toString(quantity())));
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

    private Map<String, AttributeValue> valid(String orderId) {
        return Map.of(
                OrdersItem.ORDER_ID, AttributeValue.fromS(orderId),
                OrdersItem.ORDER_DATE, AttributeValue.fromS(date()),
                OrdersItem.ITEM_ID, AttributeValue.fromS(item()),
                OrdersItem.QUANTITY, AttributeValue.fromN(Integer.toString(quantity())));
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

    private int quantity() {
        return 1 + random.nextInt(50);
    }
}
