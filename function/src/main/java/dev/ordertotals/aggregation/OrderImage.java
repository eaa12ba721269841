package dev.ordertotals.aggregation;

/**
 * The three attributes of an order that the totals depend on, as found in one stream image.
 * A {@code null} component means the attribute is absent from the image.
 */
public record OrderImage(FieldValue orderDate, FieldValue itemId, FieldValue quantity) {

    /** The orders table's partition key. */
    public static final String ORDER_ID = "order_id";
    public static final String ORDER_DATE = "order_date";
    public static final String ITEM_ID = "item_id";
    public static final String QUANTITY = "quantity";
}
