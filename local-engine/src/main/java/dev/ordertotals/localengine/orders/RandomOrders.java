package dev.ordertotals.localengine.orders;

import dev.ordertotals.contract.OrdersItem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A day's worth of shop traffic, reproducible from a seed: {@code count} new orders over the last week for a
 * catalogue of items, popular items more often, interleaved with changes to earlier orders (quantity updated in
 * place, or the order replaced with another item or day) and cancellations. A share of new orders is malformed
 * the way upstream bugs make them (text or fractional quantities, dates that are not ISO, numeric item ids): the
 * handler must quarantine those and count everything else.
 */
public final class RandomOrders {

    private static final double MODIFY_RATE = 0.20;
    private static final double DELETE_RATE = 0.08;
    private static final int ITEMS = 24;
    private static final int DAYS = 7;

    private final Random random;
    private final String keyAttribute;
    private final String keyType;
    private final double malformedRate;
    private final Instant now;
    private final List<String> items = new ArrayList<>();
    private final List<Map<String, AttributeValue>> live = new ArrayList<>();
    private long nextId;

    /**
     * @param keyType the orders table's key type ({@code S} or {@code N}) from the template
     * @param malformedPercent share of new orders written malformed, 0..100
     */
    public RandomOrders(long seed, String keyAttribute, String keyType, double malformedPercent, Clock clock) {
        this.random = new Random(seed);
        this.keyAttribute = keyAttribute;
        this.keyType = keyType;
        this.malformedRate = malformedPercent / 100.0;
        this.now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
        this.nextId = 100_000 + random.nextInt(800_000);
        for (int index = 0; index < ITEMS; index++) {
            items.add("item" + (100 + random.nextInt(900)));
        }
    }

    public List<OrderWrite> writes(int count) {
        List<OrderWrite> writes = new ArrayList<>(count + count / 3);
        for (int created = 0; created < count; created++) {
            writes.add(newOrder());
            if (!live.isEmpty() && random.nextDouble() < MODIFY_RATE) {
                writes.add(modify());
            }
            if (!live.isEmpty() && random.nextDouble() < DELETE_RATE) {
                Map<String, AttributeValue> order = live.remove(random.nextInt(live.size()));
                writes.add(new OrderWrite.Delete(Map.of(keyAttribute, order.get(keyAttribute))));
            }
        }
        return writes;
    }

    private OrderWrite newOrder() {
        Map<String, AttributeValue> order = new HashMap<>();
        order.put(
                keyAttribute,
                keyType.equals("N")
                        ? AttributeValue.fromN(Long.toString(nextId++))
                        : AttributeValue.fromS(Long.toString(nextId++)));
        order.put(OrdersItem.ORDER_DATE, AttributeValue.fromS(date()));
        order.put(OrdersItem.ITEM_ID, AttributeValue.fromS(item()));
        order.put(OrdersItem.QUANTITY, AttributeValue.fromN(Integer.toString(quantity())));
        order.put("customer_id", AttributeValue.fromS("c" + random.nextInt(5_000)));
        if (random.nextDouble() < malformedRate) {
            malform(order);
        } else {
            live.add(order);
        }
        return new OrderWrite.Put(Map.copyOf(order));
    }

    private OrderWrite modify() {
        int index = random.nextInt(live.size());
        Map<String, AttributeValue> order = new HashMap<>(live.get(index));
        double kind = random.nextDouble();
        if (kind < 0.6) {
            int quantity = quantity();
            order.put(OrdersItem.QUANTITY, AttributeValue.fromN(Integer.toString(quantity)));
            live.set(index, Map.copyOf(order));
            return new OrderWrite.SetQuantity(Map.of(keyAttribute, order.get(keyAttribute)), quantity);
        }
        if (kind < 0.8) {
            order.put(OrdersItem.ITEM_ID, AttributeValue.fromS(item()));
        } else {
            order.put(OrdersItem.ORDER_DATE, AttributeValue.fromS(date()));
        }
        live.set(index, Map.copyOf(order));
        return new OrderWrite.Put(Map.copyOf(order));
    }

    private void malform(Map<String, AttributeValue> order) {
        switch (random.nextInt(4)) {
            case 0 -> order.put(OrdersItem.QUANTITY, AttributeValue.fromS("ten"));
            case 1 -> order.put(OrdersItem.QUANTITY, AttributeValue.fromN("2.5"));
            case 2 -> order.put(OrdersItem.ORDER_DATE, AttributeValue.fromS("yesterday"));
            default -> order.put(OrdersItem.ITEM_ID, AttributeValue.fromN("312"));
        }
    }

    private String date() {
        long secondsBack = (long) random.nextInt(DAYS) * 86_400 + random.nextInt(86_400);
        Instant at = now.minusSeconds(secondsBack);
        return at.toString();
    }

    /** Popular items sell more: the first items of the catalogue come up far more often. */
    private String item() {
        double skewed = Math.pow(random.nextDouble(), 2.5);
        return items.get((int) (skewed * items.size()));
    }

    /** Mostly a few units, sometimes a bulk order. */
    private int quantity() {
        return random.nextDouble() < 0.9 ? 1 + random.nextInt(10) : 10 + random.nextInt(91);
    }
}
