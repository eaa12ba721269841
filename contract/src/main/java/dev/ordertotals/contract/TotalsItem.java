package dev.ordertotals.contract;

/** One total, as the source document defines it: a day, an item and the running quantity. */
public final class TotalsItem {

    /** The day, {@code YYYY-MM-DD}. */
    public static final String PARTITION_KEY = "order_date";

    public static final String SORT_KEY = "item_number";

    public static final String QUANTITY = "quantity";

    private TotalsItem() {}
}
