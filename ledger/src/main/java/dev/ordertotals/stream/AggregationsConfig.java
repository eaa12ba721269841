package dev.ordertotals.stream;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The aggregations a function's environment configures: {@code AGGREGATIONS} when the stack declares aggregations,
 * else the source document's alone into {@code tabla_totales}. Read the same way by the function at init and by the
 * tools that run beside it (the local runner, reconcile), so they count alike.
 */
public final class AggregationsConfig {

    private AggregationsConfig() {}

    /**
     * @param totalsTable the value of {@code tabla_totales}, read only without {@code AGGREGATIONS} (may be null with it)
     * @throws IllegalStateException naming the variable, when it is not a valid list of aggregations
     */
    public static Aggregations fromEnvironment(Map<String, String> environment, String totalsTable) {
        String declared = environment.get(FunctionEnvironment.AGGREGATIONS);
        if (declared == null || declared.isBlank()) {
            return Aggregations.orderTotals(totalsTable);
        }
        try {
            return fromJson(declared);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Environment variable " + FunctionEnvironment.AGGREGATIONS
                            + " is not a valid list of aggregations: " + e.getMessage(),
                    e);
        }
    }

    /** Declarations as JSON, each {@code table} a table's name. */
    public static Aggregations fromJson(String json) {
        return Aggregations.of(
                AggregationDeclarations.fromPlain(plain(JsonNode.parser().parse(json))));
    }

    /** The SDK's JSON tree as the plain maps, lists, strings, numbers and booleans the declarations are read from. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            node.asObject().forEach((name, value) -> fields.put(name, plain(value)));
            return fields;
        }
        if (node.isArray()) {
            return node.asArray().stream().map(AggregationsConfig::plain).toList();
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isNumber()) {
            return new BigDecimal(node.asNumber());
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return null;
    }
}
