package dev.ordertotals.aggregation;

import dev.ordertotals.contract.OrdersItem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation rules for one order image, shared by the handler and the verify tool so both count the
 * same orders.
 *
 * <ul>
 *   <li>{@code order_date}: a string starting with an ISO date {@code YYYY-MM-DD}, optionally followed by
 *       {@code T} and a time; the total's day is the part before {@code T}.</li>
 *   <li>{@code item_id}: a non-empty string of at most 1,024 UTF-8 bytes (it becomes the totals table's sort key,
 *       and DynamoDB refuses longer ones).</li>
 *   <li>{@code quantity}: a number with no fractional part, at most 10^15 in magnitude (so no sum of a batch can
 *       overflow); zero counts nothing.</li>
 * </ul>
 * Present-but-malformed fields make the image {@link ImageReading.Invalid}; absent ones make it
 * {@link ImageReading.NotCounted}, like the source document's handler, which ignores such items.
 */
public final class OrderRules {

    private static final int ISO_DATE_LENGTH = "YYYY-MM-DD".length();
    /** DynamoDB's limit for a sort key value. */
    public static final int MAX_ITEM_ID_BYTES = 1024;
    /** Far beyond any real order, far below where sums of a batch could overflow a long. */
    public static final long MAX_QUANTITY = 1_000_000_000_000_000L;

    private OrderRules() {}

    public static ImageReading read(OrderImage image) {
        if (image == null) {
            return new ImageReading.Absent();
        }
        List<String> problems = new ArrayList<>(0);
        LocalDate date = parseDate(image.orderDate(), problems);
        String item = parseItem(image.itemId(), problems);
        Long quantity = parseQuantity(image.quantity(), problems);
        if (!problems.isEmpty()) {
            return new ImageReading.Invalid(String.join("; ", problems));
        }
        if (date == null || item == null || quantity == null) {
            return new ImageReading.NotCounted("missing " + missingFields(image));
        }
        if (quantity == 0) {
            return new ImageReading.NotCounted("quantity is 0");
        }
        return new ImageReading.Counted(new TotalKey(date, item), quantity);
    }

    private static LocalDate parseDate(FieldValue value, List<String> problems) {
        return switch (value) {
            case null -> null;
            case FieldValue.Text(String text) -> {
                LocalDate date = isoDatePrefix(text);
                if (date == null) {
                    problems.add(OrdersItem.ORDER_DATE + " '" + abbreviate(text)
                            + "' does not start with an ISO date YYYY-MM-DD");
                }
                yield date;
            }
            default -> {
                problems.add(OrdersItem.ORDER_DATE + " must be a string (S), got " + typeName(value));
                yield null;
            }
        };
    }

    private static LocalDate isoDatePrefix(String text) {
        if (text.length() < ISO_DATE_LENGTH
                || (text.length() > ISO_DATE_LENGTH && text.charAt(ISO_DATE_LENGTH) != 'T')) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, ISO_DATE_LENGTH));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String parseItem(FieldValue value, List<String> problems) {
        return switch (value) {
            case null -> null;
            // An empty string is falsy in the source's handler: treated as absent, not malformed.
            case FieldValue.Text(String text) when text.isEmpty() -> null;
            case FieldValue.Text(String text)
            when text.getBytes(StandardCharsets.UTF_8).length > MAX_ITEM_ID_BYTES -> {
                problems.add(OrdersItem.ITEM_ID + " is longer than " + MAX_ITEM_ID_BYTES + " bytes");
                yield null;
            }
            case FieldValue.Text(String text) -> text;
            default -> {
                problems.add(OrdersItem.ITEM_ID + " must be a string (S), got " + typeName(value));
                yield null;
            }
        };
    }

    private static Long parseQuantity(FieldValue value, List<String> problems) {
        return switch (value) {
            case null -> null;
            case FieldValue.Number(String number) -> {
                Long quantity = integerValue(number);
                if (quantity == null) {
                    problems.add(OrdersItem.QUANTITY + " " + abbreviate(number) + " is not an integer");
                } else if (Math.abs(quantity) > MAX_QUANTITY) {
                    problems.add(
                            OrdersItem.QUANTITY + " " + abbreviate(number) + " is out of range (|quantity| <= 10^15)");
                    quantity = null;
                }
                yield quantity;
            }
            default -> {
                problems.add(OrdersItem.QUANTITY + " must be a number (N), got " + typeName(value));
                yield null;
            }
        };
    }

    private static Long integerValue(String number) {
        try {
            BigDecimal value = new BigDecimal(number);
            if (value.stripTrailingZeros().scale() > 0) {
                return null;
            }
            // Out-of-range integers are reported as such, not as fractions.
            return value.abs().compareTo(BigDecimal.valueOf(MAX_QUANTITY)) > 0
                    ? Long.MAX_VALUE
                    : value.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String missingFields(OrderImage image) {
        List<String> missing = new ArrayList<>(3);
        if (image.orderDate() == null) {
            missing.add(OrdersItem.ORDER_DATE);
        }
        if (image.itemId() == null || image.itemId() instanceof FieldValue.Text(String text) && text.isEmpty()) {
            missing.add(OrdersItem.ITEM_ID);
        }
        if (image.quantity() == null) {
            missing.add(OrdersItem.QUANTITY);
        }
        return String.join(", ", missing);
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
