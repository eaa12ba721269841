package dev.ordertotals.infra;

import dev.ordertotals.contract.StackOutputNames;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The deployed stack: one {@link ExactAggregations} (orders table, its stream, the aggregation function, the totals
 * and ledger tables, the on-failure queue, monitoring) and the outputs the tools read ({@link StackOutputNames}),
 * with one more, {@code <label>TableName}, per totals table of a declared aggregation.
 */
public final class OrderTotalsStack extends Stack {

    private final ExactAggregations exactAggregations;

    /** The default aggregation only. */
    public OrderTotalsStack(Construct scope, String id, StackProps props, OrderTotalsSettings settings) {
        this(scope, id, props, settings, List.of());
    }

    /**
     * With {@code aggregations} declared beside the default one, each into a table label ({@link DeclaredAggregations}).
     */
    public OrderTotalsStack(
            Construct scope,
            String id,
            StackProps props,
            OrderTotalsSettings settings,
            List<Aggregation> aggregations) {
        super(scope, id, props);
        // Under the id "Default" the resources keep the logical ids of the stack that built them directly.
        this.exactAggregations = new ExactAggregations(
                this,
                ExactAggregations.STACK_ID,
                ExactAggregationsProps.builder()
                        .settings(settings)
                        .aggregations(aggregations)
                        .build());

        output(StackOutputNames.ORDERS_TABLE, orders().table().getTableName(), "Write orders here");
        output(StackOutputNames.TOTALS_TABLE, totals().table().getTableName(), "Per-day, per-item totals");
        output(
                StackOutputNames.LEDGER_TABLE,
                ledger().table().getTableName(),
                "The ledger: per order, what the totals count for it, and its quarantine");
        output(StackOutputNames.FUNCTION_NAME, aggregator().function().getFunctionName(), "The aggregation function");
        output(
                StackOutputNames.ON_FAILURE_QUEUE_URL,
                onFailure().queue().getQueueUrl(),
                "Batches given up on; run `replay` to apply them");
        output(
                StackOutputNames.DASHBOARD_NAME,
                monitoring().dashboard().dashboard().getDashboardName(),
                "CloudWatch dashboard of the aggregation");
        exactAggregations
                .declaredTables()
                .forEach((label, table) -> output(
                        declaredTableOutput(label),
                        table.table().getTableName(),
                        "Totals of " + aggregationsInto(label)));
        encryption()
                .key()
                .ifPresent(
                        key -> output(
                                StackOutputNames.ENCRYPTION_KEY_ARN,
                                key.getKeyArn(),
                                "KMS key of the tables, the on-failure queue and the function's logs (reading them takes kms:Decrypt on it)"));
    }

    /** The output naming a declared aggregation's totals table: {@code <label>TableName}. */
    public static String declaredTableOutput(String label) {
        return label + "TableName";
    }

    private String aggregationsInto(String label) {
        List<String> names = exactAggregations.aggregations().stream()
                .filter(aggregation -> aggregation.table().equals(label))
                .map(aggregation -> "'" + aggregation.name() + "'")
                .toList();
        return (names.size() == 1 ? "aggregation " : "aggregations ") + String.join(", ", names);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** Everything the stack deploys but its outputs. */
    public ExactAggregations exactAggregations() {
        return exactAggregations;
    }

    public DataEncryption encryption() {
        return exactAggregations.encryption();
    }

    public OrdersTable orders() {
        return exactAggregations.orders();
    }

    public TotalsTable totals() {
        return exactAggregations.totals();
    }

    public LedgerTable ledger() {
        return exactAggregations.ledger();
    }

    public OnFailureQueue onFailure() {
        return exactAggregations.onFailure();
    }

    public AggregatorFunction aggregator() {
        return exactAggregations.aggregator();
    }

    public AggregatorMonitoring monitoring() {
        return exactAggregations.monitoring();
    }
}
