package dev.ordertotals.contract;

/**
 * The function's CloudWatch metrics, written as EMF log lines and read by the stack's alarms and dashboard: one
 * dimension, {@value #DIMENSION_FUNCTION_NAME}, set to {@code AWS_LAMBDA_FUNCTION_NAME}; counts, plus
 * {@value #BATCH_DURATION_MS} in milliseconds.
 */
public final class MetricNames {

    /** Used when {@code METRICS_NAMESPACE} is unset; the stack's {@code metricsNamespace} default too. */
    public static final String DEFAULT_NAMESPACE = "OrderTotals";

    public static final String DIMENSION_FUNCTION_NAME = "FunctionName";
    public static final String RECORDS_APPLIED = "RecordsApplied";
    public static final String RECORDS_SKIPPED = "RecordsSkipped";
    public static final String RECORDS_QUARANTINED = "RecordsQuarantined";
    public static final String DUPLICATE_RECORDS_SKIPPED = "DuplicateRecordsSkipped";
    public static final String TRANSACTIONS_COMMITTED = "TransactionsCommitted";
    public static final String BATCH_DURATION_MS = "BatchDurationMs";

    private MetricNames() {}
}
