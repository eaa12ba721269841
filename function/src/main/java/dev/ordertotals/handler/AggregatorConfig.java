package dev.ordertotals.handler;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.stream.AggregationsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration, read once from its environment at init. A missing variable fails the init
 * with its name, rather than the first batch with a NullPointerException.
 *
 * @param ordersTable {@code tabla_pedidos}: the orders table whose stream feeds the function
 * @param totalsTable {@code tabla_totales}: the per-day, per-item totals table; required without {@code AGGREGATIONS},
 *     optional with it (whose aggregations name their tables themselves: a stack that keeps no order totals sets none)
 * @param ledgerTable {@code tabla_estado}: the ledger: per order, what the totals count for it, and its quarantine note
 * @param region {@code AWS_REGION}, set by Lambda
 * @param aggregations {@code AGGREGATIONS} when the stack declares aggregations, else the source document's alone
 *     into {@code tabla_totales}
 */
public record AggregatorConfig(
        String ordersTable,
        Optional<String> totalsTable,
        String ledgerTable,
        String region,
        Aggregations aggregations) {

    public static AggregatorConfig fromEnvironment(Map<String, String> env) {
        List<String> missing = new ArrayList<>(0);
        String orders = required(env, FunctionEnvironment.ORDERS_TABLE, missing);
        String totals = declaresAggregations(env)
                ? optional(env, FunctionEnvironment.TOTALS_TABLE)
                : required(env, FunctionEnvironment.TOTALS_TABLE, missing);
        String ledger = required(env, FunctionEnvironment.LEDGER_TABLE, missing);
        String region = required(env, FunctionEnvironment.REGION, missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing required environment variable(s): " + String.join(", ", missing)
                    + " (the stack sets them; when running the handler yourself, export them)");
        }
        return new AggregatorConfig(
                orders, Optional.ofNullable(totals), ledger, region, AggregationsConfig.fromEnvironment(env, totals));
    }

    private static boolean declaresAggregations(Map<String, String> env) {
        String declared = env.get(FunctionEnvironment.AGGREGATIONS);
        return declared != null && !declared.isBlank();
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String required(Map<String, String> env, String name, List<String> missing) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            missing.add(name);
            return null;
        }
        return value.strip();
    }
}
