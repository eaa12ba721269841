package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A {@link Contribution} as a ledger entry stores it ({@link LedgerItem#CONTRIBUTIONS}), and back. */
public final class ContributionItems {

    private ContributionItems() {}

    public static AttributeValue toAttribute(Contribution contribution) {
        Map<String, AttributeValue> parts = new LinkedHashMap<>();
        contribution.parts().forEach((name, part) -> {
            Map<String, AttributeValue> measures = new LinkedHashMap<>();
            part.measures().forEach((measure, value) -> measures.put(measure, AttributeValue.fromN(value.toString())));
            parts.put(
                    name,
                    AttributeValue.fromM(Map.of(
                            LedgerItem.PART_KEY,
                            AttributeValue.fromL(part.key().stream()
                                    .map(AttributeValue::fromS)
                                    .toList()),
                            LedgerItem.PART_MEASURES,
                            AttributeValue.fromM(measures))));
        });
        return AttributeValue.fromM(parts);
    }

    /**
     * The contribution an entry records, in either format. Throws on an entry edited by hand into something else, so
     * the caller can say which order's entry to fix.
     */
    public static Contribution fromItem(Map<String, AttributeValue> item) {
        AttributeValue stored = item.get(LedgerItem.CONTRIBUTIONS);
        if (stored != null) {
            if (!stored.hasM()) {
                throw new IllegalArgumentException(LedgerItem.CONTRIBUTIONS + " is not a map");
            }
            SortedMap<String, Contribution.Part> parts = new TreeMap<>();
            stored.m().forEach((name, part) -> parts.put(name, part(name, part)));
            return parts.isEmpty() ? Contribution.NONE : new Contribution(parts);
        }
        return legacy(item);
    }

    private static Contribution.Part part(String name, AttributeValue stored) {
        AttributeValue key = stored.hasM() ? stored.m().get(LedgerItem.PART_KEY) : null;
        AttributeValue measures = stored.hasM() ? stored.m().get(LedgerItem.PART_MEASURES) : null;
        if (key == null || !key.hasL() || measures == null || !measures.hasM()) {
            throw new IllegalArgumentException("the part of aggregation " + name + " is not {k: [...], m: {...}}");
        }
        List<String> values = key.l().stream()
                .map(value -> {
                    if (value.s() == null) {
                        throw new IllegalArgumentException("a key value of aggregation " + name + " is not a string");
                    }
                    return value.s();
                })
                .toList();
        Map<String, Long> figures = new TreeMap<>();
        measures.m().forEach((measure, value) -> {
            if (value.n() == null) {
                throw new IllegalArgumentException(
                        "measure " + measure + " of aggregation " + name + " is not a number");
            }
            try {
                figures.put(measure, Long.parseLong(value.n()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "measure " + measure + " of aggregation " + name + " is not an integer: " + value.n());
            }
        });
        return Contribution.Part.of(values, figures);
    }

    /** An entry from before declared aggregations: the source document's aggregation, or nothing. */
    private static Contribution legacy(Map<String, AttributeValue> item) {
        AttributeValue date = item.get(LedgerItem.LEGACY_COUNTED_DATE);
        AttributeValue itemId = item.get(LedgerItem.LEGACY_COUNTED_ITEM);
        AttributeValue quantity = item.get(LedgerItem.LEGACY_COUNTED_QUANTITY);
        if (date == null
                || itemId == null
                || quantity == null
                || date.s() == null
                || itemId.s() == null
                || quantity.n() == null) {
            return Contribution.NONE;
        }
        Aggregation orderTotals = Aggregation.orderTotals("");
        return new Contribution(new TreeMap<>(Map.of(
                Aggregation.ORDER_TOTALS,
                Contribution.Part.of(
                        List.of(date.s(), itemId.s()),
                        Map.of(orderTotals.measures().getFirst().attribute(), Long.parseLong(quantity.n()))))));
    }
}
