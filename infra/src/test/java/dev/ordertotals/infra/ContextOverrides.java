package dev.ordertotals.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Context values that differ from every default, for the specs that check a setting reaches the template. */
final class ContextOverrides {

    static final int BATCH_SIZE = 10;
    static final int LOG_RETENTION_DAYS = 90;
    static final String APPLICATION_LOG_LEVEL = "DEBUG";
    static final String SYSTEM_LOG_LEVEL = "INFO";
    static final String METRICS_NAMESPACE = "Shop/OrderTotals";
    static final int ITERATOR_AGE_ALARM_SECONDS = 300;
    static final String ALARM_EMAIL = "orders-oncall@example.com";
    static final String ENCRYPTION_KEY = "create";
    /** A key the stack does not own (the documentation's example account). */
    static final String EXISTING_KEY_ARN =
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static final Map<String, Object> CUSTOM = Map.of(
            Keys.BATCH_SIZE, BATCH_SIZE,
            Keys.RETAIN_DATA, true,
            Keys.LOG_RETENTION_DAYS, LOG_RETENTION_DAYS,
            Keys.APPLICATION_LOG_LEVEL, APPLICATION_LOG_LEVEL,
            Keys.SYSTEM_LOG_LEVEL, SYSTEM_LOG_LEVEL,
            Keys.METRICS_NAMESPACE, METRICS_NAMESPACE,
            Keys.ITERATOR_AGE_ALARM_SECONDS, ITERATOR_AGE_ALARM_SECONDS,
            Keys.ALARM_EMAIL, ALARM_EMAIL,
            Keys.ENCRYPTION_KEY, ENCRYPTION_KEY);

    /** Labels of the totals tables {@link #AGGREGATIONS} creates. */
    static final String MONTHLY_TOTALS = "MonthlyTotals";

    static final String DAILY_ORDERS = "DailyOrders";

    /**
     * Declared aggregations as cdk.json holds them (context {@code aggregations}): a monthly total per item into a new
     * table, a daily count of orders into another, and a count of orders per day and item added to the default totals
     * table ({@code totals}, which has those keys).
     */
    static final List<Map<String, Object>> AGGREGATIONS = List.of(
            Map.of(
                    "name",
                    "monthly_item_quantity",
                    "table",
                    MONTHLY_TOTALS,
                    "groupBy",
                    List.of(
                            Map.of("attribute", "month", "from", "order_date", "transform", "month"),
                            Map.of("attribute", "item_number", "from", "item_id")),
                    "measures",
                    List.of(Map.of("attribute", "quantity", "sum", "quantity"))),
            Map.of(
                    "name",
                    "daily_orders",
                    "table",
                    DAILY_ORDERS,
                    "groupBy",
                    List.of(Map.of("attribute", "order_date", "transform", "date")),
                    "measures",
                    List.of(Map.of("attribute", "orders", "count", true))),
            Map.of(
                    "name",
                    "daily_item_orders",
                    "table",
                    "totals",
                    "groupBy",
                    List.of(
                            Map.of("attribute", "order_date", "transform", "date"),
                            Map.of("attribute", "item_number", "from", "item_id")),
                    "measures",
                    List.of(Map.of("attribute", "orders", "count", true))));

    private ContextOverrides() {}

    /** The same declarations as the JSON string {@code -c aggregations='[...]'} passes. */
    static String asJson(List<Map<String, Object>> aggregations) {
        try {
            return new ObjectMapper().writeValueAsString(aggregations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -c key=value} always yields strings: {@code "10"}, {@code "true"}. */
    static Map<String, String> asCliStrings(Map<String, Object> context) {
        return context.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
    }
}
