package dev.ordertotals.operator.verify;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.operator.aggregations.AggregationOption;
import dev.ordertotals.operator.aggregations.AggregationsOption;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.aws.AwsOptions;
import dev.ordertotals.operator.aws.PipelineTables;
import dev.ordertotals.operator.cli.ExitCode;
import dev.ordertotals.operator.cli.OptionValues;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code verify}: check the totals against the orders and the ledger, and report drift. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Check the totals against the orders and the ledger, and report drift.",
        description = {
            "Scans the orders table (parallel segments) and checks three things with the handler's own validation rules: "
                    + "totals vs orders (every total recomputed from the orders: missing, extra and wrong totals with expected "
                    + "and actual values), ledger vs orders (each order whose ledger entry counts something else than its "
                    + "current image, or is not quarantined although malformed, named with what each says; entries of orders "
                    + "that no longer exist) and totals vs ledger (each total against the sum of the ledger entries with its "
                    + "key). A total of 0 is the same as no total. Read-only.",
            "",
            "To repair: `reconcile`, while the function runs. A total that differs from its ledger entries was written "
                    + "outside the pipeline: set it to the ledger's sum by hand first.",
            "",
            "Totals trail the orders by the stream's delay: run it when the stream is drained (IteratorAge near 0), or "
                    + "expect drift for the latest orders. Tables: --stack NAME (its outputs OrdersTableName, TotalsTableName "
                    + "and StateTableName), or --orders-table, --totals-table and --state-table (without it the ledger is not "
                    + "checked). Real AWS through the default credential chain, or a local engine with --endpoint-url.",
            "",
            "Aggregations: the ones the function runs, from --aggregations (its AGGREGATIONS variable; needed when the "
                    + "stack declares aggregations, and --stack refuses to go on without it then), else the source "
                    + "document's alone. Every one is checked, each total named by its aggregation; the tables they "
                    + "keep their totals in must be the pipeline's totals tables (tags, below). --aggregation NAME checks "
                    + "one alone: its totals, and its part of each ledger entry (an order malformed for it must be "
                    + "quarantined).",
            "",
            "Before anything is read, the tables must exist and be one pipeline's: the stack tags its tables and queue (order-totals:pipeline, order-totals:role, order-totals:orders-table), and a mix of two stacks' tables, or one table for another, is refused naming both; --ignore-pipeline-tags goes on anyway, for tables you know belong together.",
            ""
        },
        footer = {"", "Exit codes: 0 exact, 1 drift, 2 error."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    PipelineTables pipelineTables;

    @Mixin
    AggregationsOption aggregations;

    @Mixin
    AggregationOption only;

    @Option(
            names = "--segments",
            defaultValue = "4",
            converter = OptionValues.PositiveInt.class,
            description = "Parallel scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(
            names = "--max-report",
            paramLabel = "N",
            converter = OptionValues.NonNegativeInt.class,
            defaultValue = "50",
            description = "Drifted totals and orders to list per level (default: ${DEFAULT-VALUE}).")
    int maxReport;

    /** Gone with the ledger: kept hidden only to say what replaces it. */
    @Option(names = "--fix", hidden = true)
    boolean fix;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (fix) {
            throw new IllegalArgumentException(
                    "verify --fix is gone: totals are repaired by moving ledger entries, which `reconcile` "
                            + "does while the function runs");
        }
        PrintWriter out = spec.commandLine().getOut();
        only.check(aggregations.declared());
        try (AwsClients clients = aws.clients();
                DynamoDbClient dynamo = clients.dynamo()) {
            PipelineTables.Names names = pipelineTables.resolve(clients);
            String orders = names.orders().orElse(null);
            String totals = names.totals().orElse(null);
            if (orders == null || totals == null) {
                throw new IllegalArgumentException(
                        "Name the tables: --stack NAME, or --orders-table and --totals-table (and --state-table)");
            }
            Optional<String> ledger = names.ledger();
            PrintWriter err = spec.commandLine().getErr();
            Consumer<String> warnings = line -> {
                err.println(line);
                err.flush();
            };
            aggregations.checkAgainst(names.stack(), warnings);
            Aggregations configured = aggregations.configured(totals);
            Aggregations checked = only.of(configured);
            pipelineTables.check(clients, dynamo, names, checked.all(), warnings);
            VerifyReport report = new TotalsVerifier(dynamo, segments).verify(orders, configured, checked, ledger);
            VerifyOutput.print(out, report, maxReport);
            return report.exact() ? ExitCode.OK : ExitCode.DRIFT;
        }
    }
}
