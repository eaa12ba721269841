package dev.ordertotals.contract;

/** The deployed stack's name and the outputs the tools read to find its tables and queue ({@code --stack NAME}). */
public final class StackOutputNames {

    /** The stack {@code cdk deploy} creates. */
    public static final String DEFAULT_STACK_NAME = "OrderTotals";

    public static final String ORDERS_TABLE = "OrdersTableName";
    public static final String TOTALS_TABLE = "TotalsTableName";
    public static final String LEDGER_TABLE = "StateTableName";
    public static final String FUNCTION_NAME = "FunctionName";
    public static final String ON_FAILURE_QUEUE_URL = "OnFailureQueueUrl";
    public static final String DASHBOARD_NAME = "DashboardName";
    /** Only when the stack creates its own KMS key ({@code encryptionKey=create}). */
    public static final String ENCRYPTION_KEY_ARN = "EncryptionKeyArn";

    private StackOutputNames() {}
}
