package dev.ordertotals.bench;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Filter;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An aggregation's totals worked out from the live orders themselves, independently of the ledger's rules, and as its
 * table holds them: {@code "key1|key2" -> measure -> value}, zero figures and totals left out. Only what the bench's
 * workload writes is supported: string keys, integer sums.
 */
final class DeclaredTotals {

    private DeclaredTotals() {}

    static Map<String, Map<String, Long>> expected(Aggregation aggregation, List<Map<String, AttributeValue>> orders) {
        Map<String, Map<String, Long>> totals = new TreeMap<>();
        for (Map<String, AttributeValue> order : orders) {
            if (aggregation.filter().isPresent() && !passes(aggregation.filter().get(), order)) {
                continue;
            }
            List<String> key = new ArrayList<>();
            for (GroupKey groupKey : aggregation.groupBy()) {
                AttributeValue source = order.get(groupKey.source());
                if (source == null || source.s() == null) {
                    throw new IllegalStateException("the workload wrote an order without " + groupKey.source());
                }
                key.add(
                        switch (groupKey.transform()) {
                            case VALUE -> source.s();
                            case DATE -> source.s().substring(0, 10);
                            case MONTH -> source.s().substring(0, 7);
                            case YEAR -> source.s().substring(0, 4);
                            case HOUR -> source.s().substring(0, 13);
                        });
            }
            Map<String, Long> figures = totals.computeIfAbsent(String.join("|", key), ignored -> new TreeMap<>());
            for (Measure measure : aggregation.measures()) {
                long value = switch (measure) {
                    case Measure.Sum sum ->
                        Long.parseLong(order.get(sum.source()).n());
                    case Measure.Count count -> 1;
                };
                figures.merge(measure.attribute(), value, Long::sum);
            }
        }
        return withoutZeros(totals);
    }

    static Map<String, Map<String, Long>> actual(DynamoDbClient dynamo, Aggregation aggregation) {
        Map<String, Map<String, Long>> totals = new TreeMap<>();
        dynamo.scanPaginator(request -> request.tableName(aggregation.table()))
                .items()
                .forEach(item -> {
                    String key = String.join(
                            "|",
                            aggregation.keyAttributes().stream()
                                    .map(attribute -> item.get(attribute).s())
                                    .toList());
                    Map<String, Long> figures = new TreeMap<>();
                    for (Measure measure : aggregation.measures()) {
                        AttributeValue value = item.get(measure.attribute());
                        if (value != null) {
                            figures.put(measure.attribute(), Long.parseLong(value.n()));
                        }
                    }
                    totals.put(key, figures);
                });
        return withoutZeros(totals);
    }

    private static boolean passes(Filter filter, Map<String, AttributeValue> order) {
        AttributeValue value = order.get(filter.attribute());
        return switch (filter) {
            case Filter.Exists exists -> value != null;
            case Filter.EqualsText text -> value != null && text.value().equals(value.s());
            case Filter.EqualsNumber number ->
                value != null && value.n() != null && number.value().compareTo(new BigDecimal(value.n())) == 0;
        };
    }

    private static Map<String, Map<String, Long>> withoutZeros(Map<String, Map<String, Long>> totals) {
        totals.values().forEach(figures -> figures.values().removeIf(value -> value == 0));
        totals.values().removeIf(Map::isEmpty);
        return totals;
    }
}
