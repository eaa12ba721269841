package dev.ordertotals.aggregation;

/**
 * One stream record reduced to what the totals need: its identity and the order fields of its old and new
 * images ({@code null} when the image is absent).
 */
public record ChangeRecord(String eventId, String sequenceNumber, OrderImage oldImage, OrderImage newImage) {}
