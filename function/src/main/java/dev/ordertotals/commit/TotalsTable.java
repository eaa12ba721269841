package dev.ordertotals.commit;

import dev.ordertotals.aggregation.TotalKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The totals table's item shape, as the source document defines it. */
public final class TotalsTable {

    public static final String PARTITION_KEY = "order_date";
    public static final String SORT_KEY = "item_number";
    public static final String QUANTITY = "quantity";

    private TotalsTable() {
    }

    public static Map<String, AttributeValue> key(TotalKey key) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(key.dateKey()), SORT_KEY, AttributeValue.fromS(key.item()));
    }
}
