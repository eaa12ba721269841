package dev.ordertotals.infra;

/**
 * What other modules and operators depend on, written out literally on purpose: these specs must fail when a
 * constant in the main code is renamed, because the handler, the tools and the runbook would not follow.
 */
final class Contract {

    static final String HANDLER = "dev.ordertotals.handler.OrderTotalsHandler::handleRequest";
    static final String ALIAS = "live";

    static final String ENV_ORDERS_TABLE = "tabla_pedidos";
    static final String ENV_TOTALS_TABLE = "tabla_totales";
    static final String ENV_LEDGER_TABLE = "tabla_estado";
    static final String ENV_METRICS_NAMESPACE = "METRICS_NAMESPACE";

    static final String DEFAULT_METRICS_NAMESPACE = "OrderTotals";
    static final String METRIC_DIMENSION = "FunctionName";
    static final String RECORDS_APPLIED = "RecordsApplied";
    static final String RECORDS_QUARANTINED = "RecordsQuarantined";

    static final String AWS_LAMBDA = "AWS/Lambda";
    static final String AWS_SQS = "AWS/SQS";

    static final String DELETE = "Delete";
    static final String RETAIN = "Retain";

    private Contract() {}
}
