package dev.ordertotals.ledger;

import dev.ordertotals.commit.LedgerTable;
import dev.ordertotals.contract.LedgerItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The quarantined orders, read from the ledger table's sparse index {@value LedgerTable#QUARANTINE_INDEX}: only
 * ledger entries with a quarantine note are in it, spread over {@value LedgerItem#QUARANTINE_SHARDS} partition
 * keys ({@code q0..q7}), so listing them is one paginated query per shard and no key is ever hot.
 */
public final class QuarantineIndex {

    private QuarantineIndex() {}

    /** Every quarantined order, oldest first. The index is eventually consistent: a note seconds old may be missing. */
    public static List<QuarantinedOrder> list(DynamoDbClient dynamo, String ledgerTable) {
        List<QuarantinedOrder> all = new ArrayList<>();
        for (String shard : LedgerItem.quarantineShards()) {
            for (QueryResponse page :
                    dynamo.queryPaginator(query(ledgerTable, shard).build())) {
                page.items().forEach(item -> all.add(QuarantinedOrder.of(item)));
            }
        }
        all.sort(QuarantinedOrder.BY_TIME);
        return all;
    }

    /** How many orders are quarantined as {@code kind} ({@code malformed} or {@code refused}). */
    public static long count(DynamoDbClient dynamo, String ledgerTable, String kind) {
        long count = 0;
        for (String shard : LedgerItem.quarantineShards()) {
            QueryRequest request = query(ledgerTable, shard)
                    .select(Select.COUNT)
                    .filterExpression("#kind = :kind")
                    .expressionAttributeNames(
                            Map.of("#shard", LedgerItem.QUARANTINE_SHARD, "#kind", LedgerItem.QUARANTINE_KIND))
                    .expressionAttributeValues(
                            Map.of(":shard", AttributeValue.fromS(shard), ":kind", AttributeValue.fromS(kind)))
                    .build();
            for (QueryResponse page : dynamo.queryPaginator(request)) {
                count += page.count();
            }
        }
        return count;
    }

    private static QueryRequest.Builder query(String ledgerTable, String shard) {
        return QueryRequest.builder()
                .tableName(ledgerTable)
                .indexName(LedgerItem.QUARANTINE_INDEX)
                .keyConditionExpression("#shard = :shard")
                .expressionAttributeNames(Map.of("#shard", LedgerItem.QUARANTINE_SHARD))
                .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(shard)));
    }
}
