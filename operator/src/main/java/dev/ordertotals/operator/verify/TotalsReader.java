package dev.ordertotals.operator.verify;

import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Reads a whole totals table. */
public final class TotalsReader {

    private TotalsReader() {}

    /** The source document's totals table: per day and item, the quantity. */
    public static List<TotalRow> readAll(DynamoDbClient dynamo, String table, int segments) {
        return readAll(dynamo, Aggregation.orderTotals(table), segments);
    }

    /** The totals of {@code aggregation}: a row per item and measure of its table. */
    public static List<TotalRow> readAll(DynamoDbClient dynamo, Aggregation aggregation, int segments) {
        List<TotalRow> rows = new ArrayList<>();
        Scans.parallel(
                        dynamo,
                        aggregation.table(),
                        segments,
                        items -> items.stream()
                                .flatMap(item -> TotalRow.of(item, aggregation).stream())
                                .toList())
                .forEach(rows::addAll);
        rows.sort(TotalRow.BY_KEY);
        return rows;
    }
}
