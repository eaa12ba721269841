package dev.ordertotals.contract;

/** The environment variables the stack sets and the function reads at init. */
public final class FunctionEnvironment {

    /** The orders table whose stream feeds the function (name fixed by the source document). */
    public static final String ORDERS_TABLE = "tabla_pedidos";

    /** The per-day, per-item totals table (name fixed by the source document). */
    public static final String TOTALS_TABLE = "tabla_totales";

    /** The ledger: per order, what the totals count for it, and its quarantine note. */
    public static final String LEDGER_TABLE = "tabla_estado";

    /**
     * The declared aggregations, as JSON in {@code AggregationDeclarations}' form with each {@code table} a real
     * table name. Set only when aggregations beyond the default are declared: without it the function keeps the
     * source document's aggregation ({@code Aggregation.orderTotals}) in {@link #TOTALS_TABLE}.
     */
    public static final String AGGREGATIONS = "AGGREGATIONS";

    /** The CloudWatch namespace of the function's EMF metrics. */
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";

    /** Set by Lambda itself. */
    public static final String REGION = "AWS_REGION";

    /** Set by Lambda itself: the unqualified function name, the metrics' dimension value. */
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

    private FunctionEnvironment() {}
}
