package dev.ordertotals.operator.quarantine;

import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.StackOutputNames;
import dev.ordertotals.ledger.QuarantineIndex;
import dev.ordertotals.ledger.QuarantinedOrder;
import dev.ordertotals.operator.aggregations.AggregationOption;
import dev.ordertotals.operator.aggregations.AggregationsOption;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.aws.AwsOptions;
import dev.ordertotals.operator.aws.PipelineCheck;
import dev.ordertotals.operator.aws.StackResources;
import dev.ordertotals.operator.cli.ExitCode;
import dev.ordertotals.operator.cli.OptionValues;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code quarantine}: list the quarantined orders. */
@Command(
        name = "quarantine",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "List the quarantined orders: malformed ones, and records DynamoDB refused (parked).",
        description = {
            "Reads the ledger table's sparse index " + LedgerItem.QUARANTINE_INDEX
                    + " (every shard, every page): one line per "
                    + "quarantined order, oldest first, with its kind, order key, reason, the event id of the record that "
                    + "put it there (`reconcile` when reconcile found it) and since when.",
            "",
            "malformed: the order's latest image is not a valid order; it counts nothing until it is fixed or deleted, and "
                    + "the record of the fix clears the quarantine. refused: DynamoDB refused to apply a record (a corrupt total, "
                    + "an item too large); the totals and the entry are as before it. Fix the cause, then run `reconcile`.",
            "",
            "--aggregation NAME lists only the orders malformed for that aggregation (their reason names it: "
                    + "'aggregation NAME: ...'); refused records are counted, not listed: each holds back every "
                    + "aggregation of its order. The name must be one of --aggregations (the function's AGGREGATIONS "
                    + "variable), or the source document's aggregation when the stack declares none.",
            "",
            "The index is eventually consistent: a note seconds old may be missing. Table: --stack NAME (output "
                    + "StateTableName), or --state-table.",
            ""
        },
        footer = {"", "Exit codes: 0 listed (even none), 2 error."})
public final class QuarantineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "Read the table name from this deployed stack's outputs.")
    String stack;

    @Option(
            names = "--state-table",
            paramLabel = "TABLE",
            description = "Ledger table name (the stack's StateTableName; instead of --stack).")
    String ledgerTable;

    @Mixin
    AggregationsOption aggregations;

    @Mixin
    AggregationOption only;

    @Option(
            names = "--max-report",
            paramLabel = "N",
            converter = OptionValues.NonNegativeInt.class,
            defaultValue = "200",
            description = "Orders to list (default: ${DEFAULT-VALUE}).")
    int maxReport;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        only.check(aggregations.declared());
        try (AwsClients clients = aws.clients();
                DynamoDbClient dynamo = clients.dynamo()) {
            StackResources resources = new StackResources(clients, stack);
            String table = resources
                    .name(ledgerTable, StackOutputNames.LEDGER_TABLE)
                    .orElseThrow(() -> new IllegalArgumentException("Name the table: --stack NAME, or --state-table"));
            if (only.name().isPresent()) {
                // Which aggregations there are: the stack's, not the default alone, when it declares some.
                aggregations.checkAgainst(resources, line -> {
                    spec.commandLine().getErr().println(line);
                    spec.commandLine().getErr().flush();
                });
            }
            // It exists, and it is a ledger (not the totals table under a mistyped option).
            new PipelineCheck(clients.scope(), false, line -> {})
                    .withoutOverride()
                    .table(
                            dynamo,
                            ledgerTable != null
                                    ? "--state-table"
                                    : "stack " + stack + "'s " + StackOutputNames.LEDGER_TABLE,
                            PipelineTags.ROLE_LEDGER,
                            table)
                    .verify();
            boolean indexed =
                    dynamo.describeTable(request -> request.tableName(table)).table().globalSecondaryIndexes().stream()
                            .anyMatch(index -> index.indexName().equals(LedgerItem.QUARANTINE_INDEX));
            if (!indexed) {
                throw new IllegalArgumentException(table + " has no " + LedgerItem.QUARANTINE_INDEX
                        + " index, so it is not the pipeline's ledger (state) table: pass the stack's "
                        + StackOutputNames.LEDGER_TABLE + " (or --stack NAME)");
            }
            List<QuarantinedOrder> all = QuarantineIndex.list(dynamo, table);
            List<QuarantinedOrder> quarantined = only.name()
                    .map(name -> all.stream()
                            .filter(order -> malformedFor(order, name))
                            .toList())
                    .orElse(all);
            long malformed = quarantined.stream()
                    .filter(order -> order.kind().equals(LedgerItem.MALFORMED))
                    .count();
            if (only.name().isPresent()) {
                long refused = all.stream()
                        .filter(order -> order.kind().equals(LedgerItem.REFUSED))
                        .count();
                out.printf(
                        "Quarantine: %d order(s) malformed for aggregation %s in %s (of %d quarantined%s)%n",
                        quarantined.size(),
                        only.name().get(),
                        table,
                        all.size(),
                        refused == 0
                                ? ""
                                : "; " + refused + " refused record(s), which hold back every aggregation of their"
                                        + " order, are listed without " + AggregationOption.OPTION);
            } else {
                out.printf(
                        "Quarantine: %d order(s) (%d malformed, %d refused) in %s%n",
                        quarantined.size(), malformed, quarantined.size() - malformed, table);
            }
            if (!quarantined.isEmpty()) {
                int kindWidth = Math.max(
                        4,
                        quarantined.stream()
                                .mapToInt(order -> order.kind().length())
                                .max()
                                .orElse(0));
                int keyWidth = width(quarantined, "order", QuarantinedOrder::orderKey);
                int sinceWidth = width(quarantined, "since", QuarantinedOrder::since);
                int eventWidth = width(quarantined, "event id", QuarantinedOrder::eventId);
                String format = "  %-" + kindWidth + "s  %-" + keyWidth + "s  %-" + sinceWidth + "s  %-" + eventWidth
                        + "s  %s%n";
                out.printf(format, "kind", "order", "since", "event id", "reason");
                quarantined.stream()
                        .limit(maxReport)
                        .forEach(order -> out.printf(
                                format,
                                order.kind(),
                                order.orderKey(),
                                order.since(),
                                order.eventId(),
                                order.reason()));
                if (quarantined.size() > maxReport) {
                    out.printf("  ... and %d more (--max-report to see them)%n", quarantined.size() - maxReport);
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /**
     * Whether {@code order} is quarantined as malformed for the aggregation {@code name}: its reason names it at the
     * start of a clause ({@code NewImage: aggregation NAME: ...}; one clause per aggregation the order is malformed
     * for, joined by {@code ; }).
     */
    static boolean malformedFor(QuarantinedOrder order, String name) {
        return order.kind().equals(LedgerItem.MALFORMED)
                && Pattern.compile("(^|: |; )aggregation " + Pattern.quote(name) + ": ")
                        .matcher(order.reason())
                        .find();
    }

    private int width(List<QuarantinedOrder> orders, String header, Function<QuarantinedOrder, String> column) {
        return Math.max(
                header.length(),
                orders.stream()
                        .limit(maxReport)
                        .mapToInt(order -> column.apply(order).length())
                        .max()
                        .orElse(0));
    }
}
