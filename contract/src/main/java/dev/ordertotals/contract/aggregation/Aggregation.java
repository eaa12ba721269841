package dev.ordertotals.contract.aggregation;

import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.contract.TotalsItem;
import java.util.List;
import java.util.Optional;

/**
 * One declared aggregation: per distinct {@code groupBy} key, the {@code measures} of the orders that pass the
 * {@code filter}, kept in {@code table}. Sums and counts only: they are additive, so the ledger keeps them exact
 * (a total is the sum of its orders' contributions).
 *
 * @param name unique among the pipeline's aggregations; the ledger keeps each order's contribution under it
 * @param table the totals table: its name where the function runs, the stack's label for it in a declaration
 * @param groupBy the table's key attributes, partition key first (one or two)
 * @param measures the totals' other attributes
 * @param filter which orders count, if not all
 */
public record Aggregation(
        String name, String table, List<GroupKey> groupBy, List<Measure> measures, Optional<Filter> filter) {

    /** The source document's aggregation: per day and item, the sum of {@code quantity}. */
    public static final String ORDER_TOTALS = "daily_item_quantity";

    public Aggregation {
        groupBy = List.copyOf(groupBy);
        measures = List.copyOf(measures);
    }

    /** The pipeline's aggregation when none is declared, into the totals table {@code table}. */
    public static Aggregation orderTotals(String table) {
        return new Aggregation(
                ORDER_TOTALS,
                table,
                List.of(
                        new GroupKey(TotalsItem.PARTITION_KEY, OrdersItem.ORDER_DATE, Transform.DATE),
                        new GroupKey(TotalsItem.SORT_KEY, OrdersItem.ITEM_ID, Transform.VALUE)),
                List.of(new Measure.Sum(TotalsItem.QUANTITY, OrdersItem.QUANTITY)),
                Optional.empty());
    }

    /** The same aggregation into another table (a label resolved to a table's name). */
    public Aggregation withTable(String table) {
        return new Aggregation(name, table, groupBy, measures, filter);
    }

    public List<String> keyAttributes() {
        return groupBy.stream().map(GroupKey::attribute).toList();
    }
}
