package dev.ordertotals.operator.verify;

import dev.ordertotals.contract.TotalsItem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item of the totals table as stored, kept raw: a corrupted item must still be reportable.
 *
 * @param quantity the stored {@code quantity}, parsed (any size: a total may pass a {@code long}); empty when absent
 *     or not an integer N
 * @param rawQuantity the stored value as text ({@code <absent>}, or {@code S:...} for a wrong type)
 */
public record TotalRow(String date, String item, Optional<BigInteger> quantity, String rawQuantity) {

    public static final Comparator<TotalRow> BY_KEY =
            Comparator.comparing(TotalRow::date).thenComparing(TotalRow::item);

    static TotalRow of(Map<String, AttributeValue> stored) {
        String date = text(stored.get(TotalsItem.PARTITION_KEY));
        String item = text(stored.get(TotalsItem.SORT_KEY));
        AttributeValue value = stored.get(TotalsItem.QUANTITY);
        if (value == null) {
            return new TotalRow(date, item, Optional.empty(), "<absent>");
        }
        if (value.type() == AttributeValue.Type.N) {
            try {
                return new TotalRow(date, item, Optional.of(new BigDecimal(value.n()).toBigIntegerExact()), value.n());
            } catch (ArithmeticException | NumberFormatException e) {
                return new TotalRow(date, item, Optional.empty(), value.n());
            }
        }
        return new TotalRow(date, item, Optional.empty(), value.type() + ":" + text(value));
    }

    /** A total of 0 and no total at all are the same thing. */
    public boolean zero() {
        return quantity.map(value -> value.signum() == 0).orElse(false) || rawQuantity.equals("<absent>");
    }

    /** Whether the stored value is exactly {@code wanted} (0 also matches an absent quantity). */
    boolean holds(BigInteger wanted) {
        return quantity.map(wanted::equals).orElse(false) || rawQuantity.equals("<absent>") && wanted.signum() == 0;
    }

    private static String text(AttributeValue value) {
        if (value == null) {
            return "<absent>";
        }
        return value.s() != null ? value.s() : String.valueOf(value);
    }
}
