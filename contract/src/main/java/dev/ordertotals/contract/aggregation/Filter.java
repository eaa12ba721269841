package dev.ordertotals.contract.aggregation;

import java.math.BigDecimal;

/** Which orders an aggregation counts; the others count nothing there (they are not malformed). */
public sealed interface Filter {

    String attribute();

    /** The order has {@code attribute}, of any type. */
    record Exists(String attribute) implements Filter {}

    /** The order's {@code attribute} is the string {@code value} (type S). */
    record EqualsText(String attribute, String value) implements Filter {}

    /** The order's {@code attribute} is the number {@code value} (type N), compared as a number. */
    record EqualsNumber(String attribute, BigDecimal value) implements Filter {}
}
