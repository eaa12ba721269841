package dev.ordertotals.contract;

/** An order, as the source document stores it; the totals read three of its attributes. */
public final class OrdersItem {

    /** The orders table's partition key. */
    public static final String ORDER_ID = "order_id";

    /** ISO-8601 date-time; its first ten characters are the total's day. */
    public static final String ORDER_DATE = "order_date";

    public static final String ITEM_ID = "item_id";

    /** A non-negative integer. */
    public static final String QUANTITY = "quantity";

    private OrdersItem() {}
}
