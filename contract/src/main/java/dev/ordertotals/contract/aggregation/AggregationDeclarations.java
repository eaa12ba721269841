package dev.ordertotals.contract.aggregation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Aggregations as declared in plain data (JSON, CDK context: maps, lists, strings, numbers, booleans), checked, and
 * written back. The stack reads its {@code aggregations} context through {@link #fromPlain}, the function its
 * configuration, so both accept and refuse the same declarations; every refusal names the aggregation and the field.
 *
 * <pre>{@code
 * {"name": "monthly_item_quantity", "table": "MonthlyTotals",
 *  "groupBy": [{"attribute": "month", "from": "order_date", "transform": "month"},
 *              {"attribute": "item_number", "from": "item_id"}],
 *  "measures": [{"attribute": "quantity", "sum": "quantity"}, {"attribute": "orders", "count": true}],
 *  "filter": {"attribute": "status", "equals": "paid"}}
 * }</pre>
 *
 * {@code from} defaults to the key's own {@code attribute}, {@code transform} to {@code value}; a filter is
 * {@code {"attribute": A, "exists": true}} or {@code {"attribute": A, "equals": S-or-N}}.
 */
public final class AggregationDeclarations {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** DynamoDB's limit on a key attribute's name, in UTF-8 bytes. */
    public static final int MAX_KEY_ATTRIBUTE_BYTES = 255;
    /** A table's key is a partition key and, optionally, a sort key. */
    public static final int MAX_GROUP_BY = 2;

    private static final Set<String> AGGREGATION_FIELDS = Set.of("name", "table", "groupBy", "measures", "filter");
    private static final Set<String> KEY_FIELDS = Set.of("attribute", "from", "transform");
    private static final Set<String> MEASURE_FIELDS = Set.of("attribute", "sum", "count");
    private static final Set<String> FILTER_FIELDS = Set.of("attribute", "exists", "equals");

    private AggregationDeclarations() {}

    /** Reads and checks a list of declarations; throws {@link IllegalArgumentException} naming what is wrong. */
    public static List<Aggregation> fromPlain(Object declarations) {
        if (!(declarations instanceof List<?> list)) {
            throw new IllegalArgumentException(
                    "aggregations: expected a list of aggregations, got " + kind(declarations));
        }
        List<Aggregation> aggregations = new ArrayList<>(list.size());
        for (int index = 0; index < list.size(); index++) {
            aggregations.add(aggregation(list.get(index), index));
        }
        check(aggregations);
        return List.copyOf(aggregations);
    }

    /**
     * Checks aggregations built in code (the construct's typed props) like declared ones: names, keys, measures, and
     * that aggregations sharing a table agree on its keys and do not add into the same attribute.
     */
    public static void check(List<Aggregation> aggregations) {
        Set<String> names = new HashSet<>();
        Map<String, Aggregation> firstOnTable = new HashMap<>();
        Map<String, String> measureOwner = new HashMap<>();
        for (Aggregation aggregation : aggregations) {
            String where = "aggregation '" + aggregation.name() + "'";
            if (aggregation.name() == null || !NAME.matcher(aggregation.name()).matches()) {
                throw new IllegalArgumentException(where + ": name must be 1 to 64 letters, digits, '_', '.' or '-'");
            }
            if (!names.add(aggregation.name())) {
                throw new IllegalArgumentException(where + ": name is declared twice");
            }
            requireText(aggregation.table(), where + ": table");
            checkKeys(aggregation, where);
            checkMeasures(aggregation, where);
            aggregation.filter().ifPresent(filter -> requireText(filter.attribute(), where + ": filter.attribute"));
            Aggregation first = firstOnTable.putIfAbsent(aggregation.table(), aggregation);
            if (first != null && !first.keyAttributes().equals(aggregation.keyAttributes())) {
                throw new IllegalArgumentException(where + ": groupBy keys " + aggregation.keyAttributes()
                        + " clash with aggregation '" + first.name() + "' on the same table '" + aggregation.table()
                        + "', keyed by " + first.keyAttributes() + " (a table has one key schema)");
            }
            for (Measure measure : aggregation.measures()) {
                String owner = measureOwner.putIfAbsent(
                        aggregation.table() + "\u0000" + measure.attribute(), aggregation.name());
                if (owner != null) {
                    throw new IllegalArgumentException(where + ": measure '" + measure.attribute()
                            + "' clashes with aggregation '" + owner
                            + "', which adds into the same attribute of table '"
                            + aggregation.table() + "'");
                }
            }
        }
    }

    private static void checkKeys(Aggregation aggregation, String where) {
        if (aggregation.groupBy().isEmpty() || aggregation.groupBy().size() > MAX_GROUP_BY) {
            throw new IllegalArgumentException(where + ": groupBy must have 1 or 2 keys (the totals table's partition"
                    + " and sort key), has " + aggregation.groupBy().size());
        }
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < aggregation.groupBy().size(); index++) {
            GroupKey key = aggregation.groupBy().get(index);
            String field = where + ": groupBy[" + index + "]";
            requireText(key.attribute(), field + ".attribute");
            requireText(key.source(), field + ".from");
            if (key.attribute().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_ATTRIBUTE_BYTES) {
                throw new IllegalArgumentException(field + ".attribute: a key attribute's name is at most "
                        + MAX_KEY_ATTRIBUTE_BYTES + " bytes in DynamoDB");
            }
            if (!seen.add(key.attribute())) {
                throw new IllegalArgumentException(field + ".attribute: '" + key.attribute() + "' is used twice");
            }
            if (key.transform() == null) {
                throw new IllegalArgumentException(field + ".transform: missing");
            }
        }
    }

    private static void checkMeasures(Aggregation aggregation, String where) {
        if (aggregation.measures().isEmpty()) {
            throw new IllegalArgumentException(where + ": measures: at least one sum or count is needed");
        }
        Set<String> seen = new HashSet<>(aggregation.keyAttributes());
        for (int index = 0; index < aggregation.measures().size(); index++) {
            Measure measure = aggregation.measures().get(index);
            String field = where + ": measures[" + index + "]";
            requireText(measure.attribute(), field + ".attribute");
            if (!seen.add(measure.attribute())) {
                throw new IllegalArgumentException(field + ".attribute: '" + measure.attribute()
                        + "' is already a key or another measure of this aggregation");
            }
            if (measure instanceof Measure.Sum sum) {
                requireText(sum.source(), field + ".sum");
            }
        }
    }

    private static Aggregation aggregation(Object declared, int index) {
        Map<String, Object> fields = object(declared, "aggregations[" + index + "]");
        Object rawName = fields.get("name");
        String where = rawName instanceof String name && !name.isEmpty()
                ? "aggregation '" + name + "'"
                : "aggregations[" + index + "]";
        unknownFields(fields, AGGREGATION_FIELDS, where);
        String name = text(fields, "name", where);
        String table = text(fields, "table", where);
        List<GroupKey> groupBy = new ArrayList<>();
        List<?> keys = list(fields.get("groupBy"), where + ": groupBy");
        for (int key = 0; key < keys.size(); key++) {
            groupBy.add(groupKey(keys.get(key), where + ": groupBy[" + key + "]"));
        }
        List<Measure> measures = new ArrayList<>();
        List<?> declaredMeasures = list(fields.get("measures"), where + ": measures");
        for (int measure = 0; measure < declaredMeasures.size(); measure++) {
            measures.add(measure(declaredMeasures.get(measure), where + ": measures[" + measure + "]"));
        }
        Optional<Filter> filter = fields.containsKey("filter")
                ? Optional.of(filter(fields.get("filter"), where + ": filter"))
                : Optional.empty();
        return new Aggregation(name, table, groupBy, measures, filter);
    }

    private static GroupKey groupKey(Object declared, String where) {
        Map<String, Object> fields = object(declared, where);
        unknownFields(fields, KEY_FIELDS, where);
        String attribute = text(fields, "attribute", where);
        String source = fields.containsKey("from") ? text(fields, "from", where) : attribute;
        Transform transform = Transform.VALUE;
        if (fields.containsKey("transform")) {
            String named = text(fields, "transform", where);
            transform = Transform.named(named)
                    .orElseThrow(() -> new IllegalArgumentException(
                            where + ".transform: unknown transform '" + named + "' (one of " + transformNames() + ")"));
        }
        return new GroupKey(attribute, source, transform);
    }

    private static Measure measure(Object declared, String where) {
        Map<String, Object> fields = object(declared, where);
        unknownFields(fields, MEASURE_FIELDS, where);
        String attribute = text(fields, "attribute", where);
        boolean sum = fields.containsKey("sum");
        boolean count = fields.containsKey("count");
        if (sum == count) {
            throw new IllegalArgumentException(
                    where + ": a measure is either {\"sum\": SOURCE_ATTRIBUTE} or {\"count\": true}");
        }
        if (count) {
            if (!Boolean.TRUE.equals(fields.get("count"))) {
                throw new IllegalArgumentException(where + ".count: must be true");
            }
            return new Measure.Count(attribute);
        }
        return new Measure.Sum(attribute, text(fields, "sum", where));
    }

    private static Filter filter(Object declared, String where) {
        Map<String, Object> fields = object(declared, where);
        unknownFields(fields, FILTER_FIELDS, where);
        String attribute = text(fields, "attribute", where);
        boolean exists = fields.containsKey("exists");
        boolean equals = fields.containsKey("equals");
        if (exists == equals) {
            throw new IllegalArgumentException(
                    where + ": a filter is either {\"exists\": true} or {\"equals\": STRING_OR_NUMBER}");
        }
        if (exists) {
            if (!Boolean.TRUE.equals(fields.get("exists"))) {
                throw new IllegalArgumentException(where + ".exists: must be true");
            }
            return new Filter.Exists(attribute);
        }
        Object value = fields.get("equals");
        return switch (value) {
            case String text -> new Filter.EqualsText(attribute, text);
            case Number number -> new Filter.EqualsNumber(attribute, new BigDecimal(number.toString()));
            case null, default ->
                throw new IllegalArgumentException(where + ".equals: must be a string or a number, got " + kind(value));
        };
    }

    /** The declarations as plain data, in the form {@link #fromPlain} reads (for JSON or a CDK token-aware string). */
    public static List<Map<String, Object>> toPlain(List<Aggregation> aggregations) {
        return aggregations.stream().map(AggregationDeclarations::plain).toList();
    }

    private static Map<String, Object> plain(Aggregation aggregation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", aggregation.name());
        fields.put("table", aggregation.table());
        fields.put(
                "groupBy",
                aggregation.groupBy().stream()
                        .map(key -> {
                            Map<String, Object> plain = new LinkedHashMap<>();
                            plain.put("attribute", key.attribute());
                            plain.put("from", key.source());
                            plain.put("transform", key.transform().declared());
                            return plain;
                        })
                        .toList());
        fields.put(
                "measures",
                aggregation.measures().stream()
                        .map(measure -> {
                            Map<String, Object> plain = new LinkedHashMap<>();
                            plain.put("attribute", measure.attribute());
                            switch (measure) {
                                case Measure.Sum sum -> plain.put("sum", sum.source());
                                case Measure.Count count -> plain.put("count", true);
                            }
                            return plain;
                        })
                        .toList());
        aggregation.filter().ifPresent(filter -> {
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("attribute", filter.attribute());
            switch (filter) {
                case Filter.Exists exists -> plain.put("exists", true);
                case Filter.EqualsText text -> plain.put("equals", text.value());
                case Filter.EqualsNumber number -> plain.put("equals", number.value());
            }
            fields.put("filter", plain);
        });
        return fields;
    }

    private static String transformNames() {
        return java.util.Arrays.stream(Transform.values())
                .map(Transform::declared)
                .collect(Collectors.joining(", "));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": expected an object, got " + kind(value));
        }
        return (Map<String, Object>) map;
    }

    private static List<?> list(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ": expected a list, got " + kind(value));
        }
        return list;
    }

    private static String text(Map<String, Object> fields, String field, String where) {
        Object value = fields.get(field);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new IllegalArgumentException(
                    where + ": " + field + " must be a non-empty string, got " + kind(value));
        }
        return text;
    }

    private static void requireText(String value, String where) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(where + ": must be a non-empty string");
        }
    }

    private static void unknownFields(Map<String, Object> fields, Set<String> known, String where) {
        for (String field : fields.keySet()) {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(where + ": unknown field '" + field + "' (known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private static String kind(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String text -> "the string '" + text + "'";
            case Number number -> "the number " + number;
            case Boolean bool -> bool.toString();
            case List<?> list -> "a list";
            case Map<?, ?> map -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }
}
