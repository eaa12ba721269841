package dev.ordertotals.aggregation;

import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Filter;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Test-only fixtures: order images, aggregations and contributions, written the way the tests read them. */
public final class TestOrders {

    /** The default aggregation's totals table in these tests. */
    public static final String TOTALS = "t";

    private TestOrders() {}

    /** An image holding exactly the given fields; it prints them, so parameterized tests name their cases. */
    public record Image(Map<String, FieldValue> fields) implements OrderImage {

        public Image {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public FieldValue field(String attribute) {
            return fields.get(attribute);
        }

        /** The same image with {@code attribute} set to {@code value} (or removed, for null). */
        public Image with(String attribute, FieldValue value) {
            Map<String, FieldValue> changed = new LinkedHashMap<>(fields);
            if (value == null) {
                changed.remove(attribute);
            } else {
                changed.put(attribute, value);
            }
            return new Image(changed);
        }

        @Override
        public String toString() {
            return fields.toString();
        }
    }

    public static FieldValue.Text s(String value) {
        return new FieldValue.Text(value);
    }

    public static FieldValue.Number n(String value) {
        return new FieldValue.Number(value);
    }

    /** An image of {@code name, value, name, value...}; a null value leaves the field out. */
    public static Image image(Object... namesAndValues) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        for (int index = 0; index < namesAndValues.length; index += 2) {
            if (namesAndValues[index + 1] != null) {
                fields.put((String) namesAndValues[index], (FieldValue) namesAndValues[index + 1]);
            }
        }
        return new Image(fields);
    }

    /** An order as the source document reads it: {@code order_date}, {@code item_id}, {@code quantity} (null: absent). */
    public static Image order(FieldValue date, FieldValue item, FieldValue quantity) {
        return image(OrdersItem.ORDER_DATE, date, OrdersItem.ITEM_ID, item, OrdersItem.QUANTITY, quantity);
    }

    /** An aggregation into {@code table}, without a filter. */
    public static Aggregation aggregation(String name, String table, List<GroupKey> groupBy, List<Measure> measures) {
        return new Aggregation(name, table, groupBy, measures, Optional.empty());
    }

    /** The same aggregation, counting only the orders {@code filter} lets in. */
    public static Aggregation filtered(Aggregation aggregation, Filter filter) {
        return new Aggregation(
                aggregation.name(),
                aggregation.table(),
                aggregation.groupBy(),
                aggregation.measures(),
                Optional.of(filter));
    }

    public static GroupKey key(String attribute, String source, Transform transform) {
        return new GroupKey(attribute, source, transform);
    }

    /** One part: key values in group-by order, then {@code measure, value, measure, value...}. */
    public static Contribution.Part part(List<String> key, Object... measuresAndValues) {
        Map<String, Long> measures = new TreeMap<>();
        for (int index = 0; index < measuresAndValues.length; index += 2) {
            measures.put((String) measuresAndValues[index], ((Number) measuresAndValues[index + 1]).longValue());
        }
        return Contribution.Part.of(key, measures);
    }

    /** The default aggregation's part: {@code quantity} of {@code item} on {@code day}. */
    public static Contribution.Part dailyItem(String day, String item, long quantity) {
        return part(List.of(day, item), "quantity", quantity);
    }

    /** A contribution of {@code name, part, name, part...}. */
    public static Contribution contribution(Object... namesAndParts) {
        TreeMap<String, Contribution.Part> parts = new TreeMap<>();
        for (int index = 0; index < namesAndParts.length; index += 2) {
            parts.put((String) namesAndParts[index], (Contribution.Part) namesAndParts[index + 1]);
        }
        return new Contribution(parts);
    }

    /** The default aggregation's total of {@code item} on {@code day}, in {@link #TOTALS}. */
    public static TotalKey dailyTotal(String day, String item) {
        return new TotalKey(TOTALS, List.of("order_date", "item_number"), List.of(day, item));
    }
}
