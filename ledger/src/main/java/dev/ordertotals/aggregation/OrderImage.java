package dev.ordertotals.aggregation;

/**
 * The three attributes of an order that the totals depend on, as found in one stream image.
 * A {@code null} component means the attribute is absent from the image.
 */
public record OrderImage(FieldValue orderDate, FieldValue itemId, FieldValue quantity) {}
