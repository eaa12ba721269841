package dev.ordertotals.operator.verify;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Reads the whole totals table. */
public final class TotalsReader {

    private TotalsReader() {}

    public static List<TotalRow> readAll(DynamoDbClient dynamo, String table, int segments) {
        List<TotalRow> rows = new ArrayList<>();
        Scans.parallel(
                        dynamo,
                        table,
                        segments,
                        items -> items.stream().map(TotalRow::of).toList())
                .forEach(rows::addAll);
        rows.sort(TotalRow.BY_KEY);
        return rows;
    }
}
