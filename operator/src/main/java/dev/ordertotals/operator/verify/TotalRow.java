package dev.ordertotals.operator.verify;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Measure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One measure of one item of a totals table as stored, kept raw: a corrupted item must still be reportable.
 *
 * @param key the item's key values, partition key first
 * @param measure the measure's attribute
 * @param quantity the stored value, parsed (any size: a total may pass a {@code long}); empty when absent or not an
 *     integer N
 * @param rawQuantity the stored value as text ({@code <absent>}, or {@code S:...} for a wrong type)
 */
public record TotalRow(List<String> key, String measure, Optional<BigInteger> quantity, String rawQuantity) {

    public static final Comparator<TotalRow> BY_KEY = Comparator.comparing(
                    (TotalRow row) -> String.join("\u0000", row.key()))
            .thenComparing(TotalRow::measure);

    public TotalRow {
        key = List.copyOf(key);
    }

    /** The first key value: the day, in the source document's totals table. */
    public String date() {
        return key.getFirst();
    }

    /** The second key value, if any: the item, in the source document's totals table. */
    public String item() {
        return key.size() > 1 ? key.get(1) : "";
    }

    /** The rows of one stored item: one per measure of {@code aggregation}. */
    static List<TotalRow> of(Map<String, AttributeValue> stored, Aggregation aggregation) {
        List<String> key = aggregation.keyAttributes().stream()
                .map(attribute -> text(stored.get(attribute)))
                .toList();
        List<TotalRow> rows = new ArrayList<>(aggregation.measures().size());
        for (Measure measure : aggregation.measures()) {
            rows.add(row(key, measure.attribute(), stored.get(measure.attribute())));
        }
        return rows;
    }

    private static TotalRow row(List<String> key, String measure, AttributeValue value) {
        if (value == null) {
            return new TotalRow(key, measure, Optional.empty(), "<absent>");
        }
        if (value.type() == AttributeValue.Type.N) {
            try {
                return new TotalRow(
                        key, measure, Optional.of(new BigDecimal(value.n()).toBigIntegerExact()), value.n());
            } catch (ArithmeticException | NumberFormatException e) {
                return new TotalRow(key, measure, Optional.empty(), value.n());
            }
        }
        return new TotalRow(key, measure, Optional.empty(), value.type() + ":" + text(value));
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
