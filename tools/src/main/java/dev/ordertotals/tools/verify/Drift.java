package dev.ordertotals.tools.verify;

import java.util.Comparator;

/** A total that differs from what the orders say. A total of 0 and no total at all are the same thing. */
public sealed interface Drift {

    Comparator<Drift> BY_KEY = Comparator.comparing(Drift::date).thenComparing(Drift::item);

    String date();

    String item();

    /** The orders give a non-zero total; the totals table has none (or 0). */
    record Missing(String date, String item, long expected) implements Drift {
    }

    /** The totals table has a non-zero total the orders do not give. */
    record Extra(String date, String item, TotalRow actual) implements Drift {
    }

    /** Both have the key, with different values. */
    record Wrong(String date, String item, long expected, TotalRow actual) implements Drift {
    }

    default String describe() {
        return switch (this) {
            case Missing missing -> "missing  " + date() + " " + item() + ": expected " + missing.expected() + ", actual <none>";
            case Extra extra -> "extra    " + date() + " " + item() + ": expected 0, actual " + extra.actual().rawQuantity();
            case Wrong wrong -> "wrong    " + date() + " " + item() + ": expected " + wrong.expected() + ", actual " + wrong.actual().rawQuantity();
        };
    }
}
