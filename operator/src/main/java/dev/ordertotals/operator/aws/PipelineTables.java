package dev.ordertotals.operator.aws;

import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.StackOutputNames;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The options that name the pipeline's three tables, for the commands that read all of them: a deployed stack
 * (whose outputs name them), or each table by name; and the check that they are one pipeline's.
 */
public final class PipelineTables {

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "Read the table names from this deployed stack's outputs.")
    String stack;

    @Option(names = "--orders-table", paramLabel = "TABLE", description = "Orders table name (instead of --stack).")
    String ordersTable;

    @Option(names = "--totals-table", paramLabel = "TABLE", description = "Totals table name (instead of --stack).")
    String totalsTable;

    @Option(
            names = "--state-table",
            paramLabel = "TABLE",
            description = "Ledger table name (the stack's StateTableName; instead of --stack).")
    String ledgerTable;

    @Option(
            names = PipelineCheck.OVERRIDE,
            description = "Go on even if the tables' tags do not show them to be one pipeline's (the mismatch is "
                    + "printed as a warning). Only for tables you know belong together: made by hand, or by a stack "
                    + "deployed before the tags existed.")
    boolean ignorePipelineTags;

    /**
     * The names, explicit options first, else the stack's outputs (read once, only if needed).
     *
     * @param ledger empty when neither {@code --state-table} nor {@code --stack} is given
     * @param stack where the names not given explicitly come from, and what the stack says of its declared
     *     aggregations
     */
    public record Names(
            Optional<String> orders, Optional<String> totals, Optional<String> ledger, StackResources stack) {}

    public Names resolve(AwsClients clients) {
        StackResources resources = new StackResources(clients, stack);
        return new Names(
                resources.name(ordersTable, StackOutputNames.ORDERS_TABLE),
                resources.name(totalsTable, StackOutputNames.TOTALS_TABLE),
                resources.name(ledgerTable, StackOutputNames.LEDGER_TABLE),
                resources);
    }

    /**
     * Checks, before anything is read, that the named tables exist and are one pipeline's ({@link PipelineCheck});
     * fails with one line naming the mismatch, or with {@value PipelineCheck#OVERRIDE} warns through {@code warnings}.
     */
    public PipelineCheck.Verified check(
            AwsClients clients, DynamoDbClient dynamo, Names names, Consumer<String> warnings) {
        return check(clients, dynamo, names, List.of(), warnings);
    }

    /**
     * The same, and the totals tables of {@code aggregations} too (each one not the totals table itself): they must be
     * the pipeline's totals tables, as the stack tags those of the aggregations it declares.
     */
    public PipelineCheck.Verified check(
            AwsClients clients,
            DynamoDbClient dynamo,
            Names names,
            List<Aggregation> aggregations,
            Consumer<String> warnings) {
        PipelineCheck check = new PipelineCheck(clients.scope(), ignorePipelineTags, warnings);
        names.orders()
                .ifPresent(name -> check.table(
                        dynamo,
                        label("--orders-table", ordersTable, StackOutputNames.ORDERS_TABLE),
                        PipelineTags.ROLE_ORDERS,
                        name));
        names.totals()
                .ifPresent(name -> check.table(
                        dynamo,
                        label("--totals-table", totalsTable, StackOutputNames.TOTALS_TABLE),
                        PipelineTags.ROLE_TOTALS,
                        name));
        names.ledger()
                .ifPresent(name -> check.table(
                        dynamo,
                        label("--state-table", ledgerTable, StackOutputNames.LEDGER_TABLE),
                        PipelineTags.ROLE_LEDGER,
                        name));
        PipelineCheck.aggregationTables(check, dynamo, aggregations, names.totals());
        return check.verify();
    }

    private String label(String option, String explicit, String output) {
        return explicit != null ? option : "stack " + stack + "'s " + output;
    }
}
