package dev.ordertotals.commit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Builds one {@code Update} action: SET, ADD and REMOVE clauses and a condition, with placeholder names. */
final class UpdateExpression {

    private final List<String> set = new ArrayList<>();
    private final List<String> add = new ArrayList<>();
    private final List<String> remove = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    String name(String attribute) {
        String placeholder = "#n" + names.size();
        names.put(placeholder, attribute);
        return placeholder;
    }

    String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    UpdateExpression set(String attribute, AttributeValue value) {
        set.add(name(attribute) + " = " + value(value));
        return this;
    }

    UpdateExpression add(String attribute, AttributeValue value) {
        add.add(name(attribute) + " " + value(value));
        return this;
    }

    UpdateExpression remove(String... attributes) {
        for (String attribute : attributes) {
            remove.add(name(attribute));
        }
        return this;
    }

    /** Adds a condition, joined to the others with AND; use {@link #name} and {@link #value} for its operands. */
    UpdateExpression condition(String condition) {
        conditions.add("(" + condition + ")");
        return this;
    }

    /** DynamoDB's limit on any one expression string, in UTF-8 bytes. */
    static final int MAX_EXPRESSION_BYTES = 4_096;

    Update build(String table, Map<String, AttributeValue> key) {
        List<String> clauses = new ArrayList<>(3);
        // REMOVE first: DynamoDB limits the item as updated, whatever the order of the clauses, but an engine that
        // applies them in turn (moto) would refuse an entry that only fits once a stale eventID set is gone.
        if (!remove.isEmpty()) {
            clauses.add("REMOVE " + String.join(", ", remove));
        }
        if (!set.isEmpty()) {
            clauses.add("SET " + String.join(", ", set));
        }
        if (!add.isEmpty()) {
            clauses.add("ADD " + String.join(", ", add));
        }
        String updateExpression = String.join(" ", clauses);
        String conditionExpression = String.join(" AND ", conditions);
        // Our writes are sized to fit (LedgerUpdates.MAX_EVENTS_PER_WRITE): a longer one is a bug, said here rather
        // than as DynamoDB's ValidationException, which would park the records as if the data were at fault.
        requireWithinLimit("update", updateExpression);
        requireWithinLimit("condition", conditionExpression);
        Update.Builder update = Update.builder()
                .tableName(table)
                .key(key)
                .updateExpression(updateExpression)
                .expressionAttributeNames(names);
        if (!values.isEmpty()) {
            update.expressionAttributeValues(values);
        }
        if (!conditions.isEmpty()) {
            update.conditionExpression(conditionExpression)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
        return update.build();
    }

    private static void requireWithinLimit(String kind, String expression) {
        if (expression.length() * 3L <= MAX_EXPRESSION_BYTES) {
            return; // at most 3 UTF-8 bytes per char: no need to encode (ours are ASCII, well under the limit)
        }
        int bytes = expression.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            throw new IllegalStateException("a ledger " + kind + " expression of " + bytes + " bytes, over DynamoDB's "
                    + MAX_EXPRESSION_BYTES + ": " + expression.substring(0, 200) + "...");
        }
    }
}
