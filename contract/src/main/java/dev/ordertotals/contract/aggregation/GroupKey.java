package dev.ordertotals.contract.aggregation;

/**
 * One key attribute of an aggregation's totals: {@code attribute} of the totals table, made from the order's
 * {@code source} attribute by {@code transform}.
 */
public record GroupKey(String attribute, String source, Transform transform) {}
