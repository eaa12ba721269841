package dev.ordertotals.tools.verify;

import dev.ordertotals.tools.ExitCode;
import dev.ordertotals.tools.aws.AwsClients;
import dev.ordertotals.tools.aws.AwsOptions;
import dev.ordertotals.tools.aws.StackOutputs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code verify}: recompute the totals from the orders and report drift. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Recompute the totals from the orders and report drift.",
        description = {
                "Scans the orders table (parallel segments), recomputes every total with the handler's own validation rules "
                        + "and compares them with the totals table: reports missing, extra and wrong totals with expected and "
                        + "actual values. A total of 0 is the same as no total. Read-only unless --fix.",
                "",
                "Totals trail the orders by the stream's delay: run it when the stream is drained (IteratorAge near 0), or "
                        + "expect drift for the latest orders. Tables: --stack NAME (its outputs OrdersTableName and "
                        + "TotalsTableName), or --orders-table and --totals-table. Real AWS through the default credential "
                        + "chain, or a local engine with --endpoint-url.",
                ""},
        footer = {"", "Exit codes: 0 exact, 1 drift, 2 error."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Option(names = "--stack", paramLabel = "NAME", description = "Read the table names from this deployed stack's outputs.")
    String stack;

    @Option(names = "--orders-table", paramLabel = "TABLE", description = "Orders table name (instead of --stack).")
    String ordersTable;

    @Option(names = "--totals-table", paramLabel = "TABLE", description = "Totals table name (instead of --stack).")
    String totalsTable;

    @Option(names = "--segments", defaultValue = "4", description = "Parallel scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--max-report", paramLabel = "N", defaultValue = "50", description = "Drifted totals to list (default: ${DEFAULT-VALUE}).")
    int maxReport;

    @Option(names = "--fix", description = {"Rewrite the drifted totals (and only those) to their expected values.",
            "SAFE ONLY WHILE THE EVENT SOURCE MAPPING IS DISABLED: a running function may add deltas the scan already counted."})
    boolean fix;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AwsClients clients = aws.clients(); DynamoDbClient dynamo = clients.dynamo()) {
            String orders = ordersTable;
            String totals = totalsTable;
            if (stack != null) {
                try (CloudFormationClient cloudFormation = clients.cloudFormation()) {
                    StackOutputs outputs = StackOutputs.read(cloudFormation, stack);
                    orders = orders != null ? orders : outputs.get(StackOutputs.ORDERS_TABLE);
                    totals = totals != null ? totals : outputs.get(StackOutputs.TOTALS_TABLE);
                }
            }
            if (orders == null || totals == null) {
                throw new IllegalArgumentException("Name the tables: --stack NAME, or --orders-table and --totals-table");
            }
            TotalsVerifier verifier = new TotalsVerifier(dynamo, segments);
            VerifyReport report = verifier.verify(orders, totals);
            VerifyOutput.print(out, report, maxReport);
            if (!fix || report.exact()) {
                return report.exact() ? ExitCode.OK : ExitCode.DRIFT;
            }
            TotalsFixer.Result result = new TotalsFixer(dynamo, totals).fix(report.drifts());
            out.printf("Fix: rewrote %d total(s)%s.%n", result.rewritten(), result.changedMeanwhile() == 0 ? ""
                    : "; " + result.changedMeanwhile() + " changed meanwhile and were left alone (is the event source disabled?)");
            VerifyReport after = verifier.verify(orders, totals);
            VerifyOutput.print(out, after, maxReport);
            return after.exact() ? ExitCode.OK : ExitCode.DRIFT;
        }
    }
}
