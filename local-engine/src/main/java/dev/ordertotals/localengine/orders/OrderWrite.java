package dev.ordertotals.localengine.orders;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One write to the orders table, as an application would make it. */
public sealed interface OrderWrite {

    /** A new order, or a whole order replaced ({@code PutItem}). */
    record Put(Map<String, AttributeValue> item) implements OrderWrite {}

    /** An order's quantity changed in place ({@code UpdateItem SET}). */
    record SetQuantity(Map<String, AttributeValue> key, long quantity) implements OrderWrite {}

    /** An order cancelled ({@code DeleteItem}). */
    record Delete(Map<String, AttributeValue> key) implements OrderWrite {}
}
