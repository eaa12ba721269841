package dev.ordertotals.aggregation;

import java.util.Map;

/** One stream image of an order, as the aggregation rules read it: each attribute as DynamoDB typed it. */
@FunctionalInterface
public interface OrderImage {

    /** The attribute's value, or {@code null} when the image does not have it. */
    FieldValue field(String attribute);

    static OrderImage of(Map<String, FieldValue> fields) {
        return fields::get;
    }
}
