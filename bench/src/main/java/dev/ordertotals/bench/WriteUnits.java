package dev.ordertotals.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Estimated DynamoDB write capacity units, on-demand pricing rules: a standard write costs 1 WCU per started KB
 * of the item, a write inside a transaction 2 WCU per started KB. Item sizes follow DynamoDB's sizing (names +
 * values: strings by UTF-8 length, numbers about one byte per two digits plus one). An update is sized by its key
 * plus the attributes it writes, which for the totals table is the whole item (a total is ~40 bytes).
 */
public final class WriteUnits {

    private static final int KB = 1024;

    private WriteUnits() {}

    public static long transaction(TransactWriteItemsRequest request) {
        long units = 0;
        for (TransactWriteItem action : request.transactItems()) {
            units += action(action);
        }
        return units;
    }

    /** One action of a transaction: 2 units per started KB of {@link #actionBytes}. */
    public static long action(TransactWriteItem action) {
        return 2 * kbUnits(actionBytes(action));
    }

    /** The bytes an action is charged for, as estimated here. */
    public static long actionBytes(TransactWriteItem action) {
        if (action.put() != null) {
            return size(action.put().item());
        }
        if (action.update() != null) {
            return updatedSize(action.update());
        }
        // Delete and ConditionCheck: sized at one KB unit (the items this project touches are far smaller).
        return 1;
    }

    /** The table an action writes to. */
    public static String table(TransactWriteItem action) {
        if (action.put() != null) {
            return action.put().tableName();
        }
        if (action.update() != null) {
            return action.update().tableName();
        }
        if (action.delete() != null) {
            return action.delete().tableName();
        }
        return action.conditionCheck().tableName();
    }

    /** A standard (non-transactional) write of an item of this many bytes. */
    public static long standard(long bytes) {
        return kbUnits(bytes);
    }

    private static long updatedSize(Update update) {
        long bytes = size(update.key());
        Map<String, AttributeValue> values = update.expressionAttributeValues();
        if (values != null) {
            for (AttributeValue value : values.values()) {
                bytes += size(value);
            }
        }
        Map<String, String> names = update.expressionAttributeNames();
        if (names != null) {
            for (String name : names.values()) {
                bytes += name.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return bytes;
    }

    private static long kbUnits(long bytes) {
        return Math.max(1, (bytes + KB - 1) / KB);
    }

    public static long size(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
            bytes += entry.getKey().getBytes(StandardCharsets.UTF_8).length + size(entry.getValue());
        }
        return bytes;
    }

    private static long size(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s().getBytes(StandardCharsets.UTF_8).length;
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case SS ->
                value.ss().stream()
                        .mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length)
                        .sum();
            case NS -> value.ns().stream().mapToLong(WriteUnits::number).sum();
            case BS ->
                value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case M -> 3 + value.m().size() + size(value.m());
            case L ->
                3
                        + value.l().size()
                        + value.l().stream().mapToLong(WriteUnits::size).sum();
            default -> 1;
        };
    }

    private static long number(String n) {
        long digits = n.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }
}
