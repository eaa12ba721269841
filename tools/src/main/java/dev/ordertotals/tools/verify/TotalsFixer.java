package dev.ordertotals.tools.verify;

import dev.ordertotals.commit.TotalsTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Rewrites exactly the drifted totals to their expected values (a missing or wrong total is set, an extra one
 * deleted), each conditioned on still holding the value {@code verify} read, so a total that changed meanwhile
 * is left alone and reported.
 *
 * <p>Safe only while the event source mapping is disabled: with it running, the function may be adding deltas
 * of records that the orders scan already included, and the fix would count them twice.
 */
public final class TotalsFixer {

    private final DynamoDbClient dynamo;
    private final String table;

    /** @param changedMeanwhile drifted totals that no longer held the value read, left as they are */
    public record Result(int rewritten, int changedMeanwhile) {
    }

    public TotalsFixer(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Result fix(List<Drift> drifts) {
        int rewritten = 0;
        int changed = 0;
        for (Drift drift : drifts) {
            try {
                apply(drift);
                rewritten++;
            } catch (ConditionalCheckFailedException e) {
                changed++;
            }
        }
        return new Result(rewritten, changed);
    }

    private void apply(Drift drift) {
        Map<String, AttributeValue> key = Map.of(
                TotalsTable.PARTITION_KEY, AttributeValue.fromS(drift.date()),
                TotalsTable.SORT_KEY, AttributeValue.fromS(drift.item()));
        switch (drift) {
            case Drift.Missing missing -> {
                Map<String, AttributeValue> item = new HashMap<>(key);
                item.put(TotalsTable.QUANTITY, AttributeValue.fromN(Long.toString(missing.expected())));
                // Absent when read: written only if it is still absent (or 0, which reads the same).
                dynamo.putItem(request -> request.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#q) OR #q = :zero")
                        .expressionAttributeNames(Map.of("#q", TotalsTable.QUANTITY))
                        .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"))));
            }
            case Drift.Wrong wrong -> dynamo.updateItem(request -> {
                request.tableName(table).key(key)
                        .updateExpression("SET #q = :expected")
                        .expressionAttributeNames(Map.of("#q", TotalsTable.QUANTITY));
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":expected", AttributeValue.fromN(Long.toString(wrong.expected()))));
                stillHolds(wrong.actual(), values).ifPresent(request::conditionExpression);
                request.expressionAttributeValues(values);
            });
            case Drift.Extra extra -> dynamo.deleteItem(request -> {
                request.tableName(table).key(key);
                Map<String, AttributeValue> values = new HashMap<>();
                stillHolds(extra.actual(), values).ifPresent(condition -> request.conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#q", TotalsTable.QUANTITY))
                        .expressionAttributeValues(values));
            });
        }
    }

    /** {@code #q = :actual} for a numeric total; none for a corrupt one (comparing N with S is a 500 on moto). */
    private static java.util.Optional<String> stillHolds(TotalRow actual, Map<String, AttributeValue> values) {
        if (actual.quantity().isEmpty()) {
            return java.util.Optional.empty();
        }
        values.put(":actual", AttributeValue.fromN(Long.toString(actual.quantity().get())));
        return java.util.Optional.of("#q = :actual");
    }
}
