package dev.ordertotals.aggregation;

/**
 * One attribute of an order image as DynamoDB typed it, free of any AWS class: the aggregation rules only
 * care whether a field is a string, a number, or something else.
 */
public sealed interface FieldValue {

    /** A DynamoDB {@code S}. */
    record Text(String value) implements FieldValue {}

    /** A DynamoDB {@code N}, kept as its exact decimal string. */
    record Number(String value) implements FieldValue {}

    /** Any other DynamoDB type ({@code BOOL}, {@code NULL}, {@code M}, ...), named for error messages. */
    record OtherType(String dynamoType) implements FieldValue {}
}
