package dev.ordertotals.aggregation;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Filter;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one aggregation reads an order image: the one implementation the function, {@code verify} and
 * {@code reconcile} share, so all three count the same orders.
 *
 * <ul>
 *   <li>A filter that leaves the order out makes it {@link ImageReading.NotCounted} here.</li>
 *   <li>A key made by {@code value} is a non-empty string (an empty one counts as absent) of at most 2,048 UTF-8
 *       bytes for the partition key and 1,024 for the sort key, DynamoDB's limits.</li>
 *   <li>{@code date}, {@code month} and {@code year} read a string starting with an ISO date {@code YYYY-MM-DD},
 *       optionally followed by {@code T} and a time; {@code hour} one starting {@code YYYY-MM-DDTHH}. The bucket is
 *       the text as written: no time zone conversion.</li>
 *   <li>A sum reads a number with no fractional part, at most 10^15 in magnitude (so no sum of a batch can
 *       overflow); a count is 1 per order. An order whose measures are all 0 counts nothing.</li>
 * </ul>
 * Present-but-malformed fields make the image {@link ImageReading.Invalid}; absent ones make it
 * {@link ImageReading.NotCounted}, like the source document's handler, which ignores such items.
 */
public final class AggregationRules {

    private static final int ISO_DATE_LENGTH = "YYYY-MM-DD".length();
    private static final int ISO_HOUR_LENGTH = "YYYY-MM-DDTHH".length();
    /** DynamoDB's limit on a partition key value, in UTF-8 bytes. */
    public static final int MAX_PARTITION_KEY_BYTES = 2048;
    /** DynamoDB's limit on a sort key value, in UTF-8 bytes. */
    public static final int MAX_SORT_KEY_BYTES = 1024;
    /** Far beyond any real order, far below where sums of a batch could overflow a long. */
    public static final long MAX_SUMMED_VALUE = 1_000_000_000_000_000L;

    private final Aggregation aggregation;

    public AggregationRules(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    public ImageReading read(OrderImage image) {
        if (image == null) {
            return ImageReading.ABSENT;
        }
        if (aggregation.filter().isPresent()) {
            String leftOut = leftOutBy(aggregation.filter().get(), image);
            if (leftOut != null) {
                return new ImageReading.NotCounted(leftOut);
            }
        }
        List<String> problems = new ArrayList<>(0);
        List<String> missing = new ArrayList<>(0);
        List<String> key = new ArrayList<>(aggregation.groupBy().size());
        for (int index = 0; index < aggregation.groupBy().size(); index++) {
            GroupKey groupKey = aggregation.groupBy().get(index);
            FieldValue field = image.field(groupKey.source());
            String value = keyValue(groupKey, field, index == 0, problems);
            if (value == null && !isPresent(field, groupKey.transform())) {
                missing.add(groupKey.source());
            }
            key.add(value);
        }
        Map<String, Long> measures = new LinkedHashMap<>();
        for (Measure measure : aggregation.measures()) {
            switch (measure) {
                case Measure.Count count -> measures.put(count.attribute(), 1L);
                case Measure.Sum sum -> {
                    FieldValue field = image.field(sum.source());
                    if (field == null) {
                        missing.add(sum.source());
                    } else {
                        Long value = integer(sum.source(), field, problems);
                        if (value != null) {
                            measures.put(sum.attribute(), value);
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            return new ImageReading.Invalid(String.join("; ", problems));
        }
        if (!missing.isEmpty()) {
            return new ImageReading.NotCounted("missing " + String.join(", ", missing));
        }
        if (measures.values().stream().allMatch(value -> value == 0)) {
            return new ImageReading.NotCounted(zeroes());
        }
        return new ImageReading.Counted(Contribution.Part.of(key, measures));
    }

    private String zeroes() {
        if (aggregation.measures().size() == 1 && aggregation.measures().getFirst() instanceof Measure.Sum sum) {
            return sum.source() + " is 0";
        }
        return "every measure is 0";
    }

    /** Why the filter leaves the image out, or null when it lets it in. */
    private static String leftOutBy(Filter filter, OrderImage image) {
        FieldValue field = image.field(filter.attribute());
        return switch (filter) {
            case Filter.Exists exists -> field == null ? "filter: no " + filter.attribute() : null;
            case Filter.EqualsText(String attribute, String value) ->
                field instanceof FieldValue.Text(String text) && text.equals(value)
                        ? null
                        : "filter: " + attribute + " is not '" + value + "'";
            case Filter.EqualsNumber(String attribute, BigDecimal value) ->
                field instanceof FieldValue.Number(String number) && numericallyEqual(number, value)
                        ? null
                        : "filter: " + attribute + " is not " + value.toPlainString();
        };
    }

    private static boolean numericallyEqual(String number, BigDecimal value) {
        try {
            return new BigDecimal(number).compareTo(value) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An empty string under {@code value} is absent, as a falsy value in the source's handler. */
    private static boolean isPresent(FieldValue field, Transform transform) {
        return field != null
                && !(transform == Transform.VALUE && field instanceof FieldValue.Text(String text) && text.isEmpty());
    }

    private static String keyValue(GroupKey key, FieldValue field, boolean partitionKey, List<String> problems) {
        if (!isPresent(field, key.transform())) {
            return null;
        }
        if (!(field instanceof FieldValue.Text(String text))) {
            problems.add(key.source() + " must be a string (S), got " + typeName(field));
            return null;
        }
        return switch (key.transform()) {
            case VALUE -> {
                int limit = partitionKey ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
                if (text.getBytes(StandardCharsets.UTF_8).length > limit) {
                    problems.add(key.source() + " is longer than " + limit + " bytes");
                    yield null;
                }
                yield text;
            }
            case DATE, MONTH, YEAR -> {
                LocalDate date = isoDatePrefix(text);
                if (date == null) {
                    problems.add(
                            key.source() + " '" + abbreviate(text) + "' does not start with an ISO date YYYY-MM-DD");
                    yield null;
                }
                String day = date.toString();
                yield switch (key.transform()) {
                    case MONTH -> day.substring(0, "YYYY-MM".length());
                    case YEAR -> day.substring(0, "YYYY".length());
                    default -> day;
                };
            }
            case HOUR -> {
                String hour = isoHourPrefix(text);
                if (hour == null) {
                    problems.add(key.source() + " '" + abbreviate(text)
                            + "' does not start with an ISO date and hour YYYY-MM-DDTHH");
                }
                yield hour;
            }
        };
    }

    private static LocalDate isoDatePrefix(String text) {
        if (text.length() < ISO_DATE_LENGTH
                || (text.length() > ISO_DATE_LENGTH && text.charAt(ISO_DATE_LENGTH) != 'T')) {
            return null;
        }
        try {
            // LocalDate.parse also takes a sign and more digits for the year: only the plain form counts.
            String prefix = text.substring(0, ISO_DATE_LENGTH);
            LocalDate date = LocalDate.parse(prefix);
            return date.toString().equals(prefix) ? date : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String isoHourPrefix(String text) {
        if (text.length() < ISO_HOUR_LENGTH
                || isoDatePrefix(text.substring(0, ISO_DATE_LENGTH)) == null
                || text.charAt(ISO_DATE_LENGTH) != 'T') {
            return null;
        }
        char tens = text.charAt(ISO_DATE_LENGTH + 1);
        char ones = text.charAt(ISO_DATE_LENGTH + 2);
        if (tens < '0' || tens > '2' || ones < '0' || ones > '9' || (tens == '2' && ones > '3')) {
            return null;
        }
        if (text.length() > ISO_HOUR_LENGTH && Character.isDigit(text.charAt(ISO_HOUR_LENGTH))) {
            return null;
        }
        return text.substring(0, ISO_HOUR_LENGTH);
    }

    private static Long integer(String source, FieldValue field, List<String> problems) {
        if (!(field instanceof FieldValue.Number(String number))) {
            problems.add(source + " must be a number (N), got " + typeName(field));
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            problems.add(source + " " + abbreviate(number) + " is not an integer");
            return null;
        }
        if (value.stripTrailingZeros().scale() > 0) {
            problems.add(source + " " + abbreviate(number) + " is not an integer");
            return null;
        }
        if (value.abs().compareTo(BigDecimal.valueOf(MAX_SUMMED_VALUE)) > 0) {
            problems.add(source + " " + abbreviate(number) + " is out of range (|" + source + "| <= 10^15)");
            return null;
        }
        return value.longValueExact();
    }

    private static String typeName(FieldValue value) {
        return switch (value) {
            case FieldValue.Text text -> "S";
            case FieldValue.Number number -> "N";
            case FieldValue.OtherType(String type) -> type;
        };
    }

    /** The first 40 code points: never cut inside a surrogate pair, which DynamoDB refuses to store. */
    static String abbreviate(String text) {
        return text.codePointCount(0, text.length()) <= 40
                ? text
                : text.substring(0, text.offsetByCodePoints(0, 40)) + "...";
    }
}
