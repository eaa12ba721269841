package dev.ordertotals.operator.aws;

import dev.ordertotals.contract.StackOutputNames;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that name the pipeline's three tables, for the commands that read all of them: a deployed stack
 * (whose outputs name them), or each table by name.
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
            description = "Aggregator state table (the ledger) name (instead of --stack).")
    String stateTable;

    /**
     * The names, explicit options first, else the stack's outputs (read once, only if needed).
     *
     * @param state empty when neither {@code --state-table} nor {@code --stack} is given
     */
    public record Names(Optional<String> orders, Optional<String> totals, Optional<String> state) {}

    public Names resolve(AwsClients clients) {
        StackResources resources = new StackResources(clients, stack);
        return new Names(
                resources.name(ordersTable, StackOutputNames.ORDERS_TABLE),
                resources.name(totalsTable, StackOutputNames.TOTALS_TABLE),
                resources.name(stateTable, StackOutputNames.STATE_TABLE));
    }
}
