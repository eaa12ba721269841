package dev.ordertotals.commit;

import dev.ordertotals.contract.TotalsItem;
import dev.ordertotals.aggregation.TotalKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The totals table's item shape, as the source document defines it. */
public final class TotalsTable {

    private TotalsTable() {
    }

    public static Map<String, AttributeValue> key(TotalKey key) {
        return Map.of(TotalsItem.PARTITION_KEY, AttributeValue.fromS(key.dateKey()), TotalsItem.SORT_KEY, AttributeValue.fromS(key.item()));
    }
}
