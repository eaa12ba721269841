package dev.ordertotals.operator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.reconcile.ReconcileCheckpoint;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.operator.testkit.ThreeAggregations;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.ExampleAggregations;
import dev.ordertotals.testsupport.LocalTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code verify} of a pipeline that runs three aggregations (the source document's, a monthly sum per item, a daily
 * count of the orders with a {@code note}): every one is checked, each total named by its aggregation;
 * {@code --aggregation} checks one alone.
 */
class VerifyAggregationsTest {

    private static final String ALL_THREE = "daily_item_quantity, monthly_item_quantity, daily_noted_orders";

    @TempDir
    Path dir;

    private ThreeAggregations pipeline;
    private LocalTables tables;
    private ExampleAggregations examples;

    @BeforeEach
    void ordersCountedInThreeAggregations() {
        pipeline = ThreeAggregations.create().withOrders();
        tables = pipeline.tables();
        examples = pipeline.examples();
        Operations.reconciler(tables, pipeline.all(), 2).run(ReconcileCheckpoint.none(2));
    }

    @Test
    void everyAggregationIsCheckedAndNamed() {
        Cli.Result result = verify(declared());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("Verify (aggregations " + ALL_THREE + "): 4 orders scanned (4 counted, 1 malformed)")
                .contains("Totals vs orders: exact", "Ledger vs orders: exact", "Totals vs ledger: exact")
                .contains("Verify: exact");
    }

    @Test
    void driftInOneAggregationIsReportedUnderItsName() {
        pipeline.putMonthlyTotal("2026-11", "item123", 41);

        Cli.Result result = verify(declared());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "Totals vs orders: DRIFT - 1 totals differ (0 missing, 0 extra, 1 wrong)",
                        "wrong    monthly_item_quantity 2026-11 item123 quantity: expected 40, actual 41",
                        "wrong    monthly_item_quantity 2026-11 item123 quantity: ledger 40, actual 41",
                        "Ledger vs orders: exact");
    }

    @Test
    void anAggregationOptionChecksThatAggregationsTotalsAlone() {
        pipeline.putMonthlyTotal("2026-11", "item123", 41);

        Cli.Result noted = verify(declared(), "--aggregation=daily_noted_orders");
        Cli.Result monthly = verify(declared(), "--aggregation=monthly_item_quantity");

        assertThat(noted.exitCode()).as(noted.toString()).isZero();
        assertThat(noted.out())
                .startsWith("Verify (aggregation daily_noted_orders): 4 orders scanned (3 counted, 0 malformed)")
                .contains("Verify: exact");
        assertThat(monthly.exitCode()).as(monthly.toString()).isEqualTo(1);
        assertThat(monthly.out())
                .startsWith("Verify (aggregation monthly_item_quantity): 4 orders scanned (3 counted, 1 malformed)")
                .contains("wrong    monthly_item_quantity 2026-11 item123 quantity: expected 40, actual 41");
    }

    @Test
    void anAggregationOptionComparesOnlyThatAggregationsPartsOfEachLedgerEntry() {
        // Changed with no stream behind it: the entry still counts 30 in the two sums; the count is not concerned.
        pipeline.putOrder("2", "2026-11-24T09:30:00Z", "item123", AttributeValue.fromN("31"), null);

        Cli.Result noted = verify(declared(), "--aggregation=daily_noted_orders");
        Cli.Result monthly = verify(declared(), "--aggregation=monthly_item_quantity");

        assertThat(noted.exitCode()).as(noted.toString()).isZero();
        assertThat(monthly.exitCode()).as(monthly.toString()).isEqualTo(1);
        assertThat(monthly.out())
                .contains("Ledger vs orders: DRIFT - 1 order(s) differ from their ledger entry")
                .contains("  order 2: ledger says monthly_item_quantity(2026-11, item123): quantity 30,"
                        + " order says monthly_item_quantity(2026-11, item123): quantity 31")
                .doesNotContain("ledger says daily_item_quantity");
    }

    @Test
    void theAggregationsAreReadFromAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("aggregations.json"), declarations());

        Cli.Result result = verify("--aggregations", "@" + file);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Verify (aggregations " + ALL_THREE + "):");
    }

    @Test
    void theVariableAsTheAwsCliPrintsItInJsonIsTakenToo() throws IOException {
        // `aws lambda get-function-configuration --query Environment.Variables.AGGREGATIONS` without --output text.
        String quoted = Json.MAPPER.writeValueAsString(declarations());

        Cli.Result result = verify("--aggregations=" + quoted);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Verify (aggregations " + ALL_THREE + "):");
    }

    @Test
    void aStackThatDeclaresAggregationsNeedsThemGiven() {
        String stack = "declared-" + tables.deployment().prefix();
        createStack(stack);

        Cli.Result without = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--stack=" + stack);
        Cli.Result with = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--stack=" + stack,
                declared());

        assertThat(without.exitCode()).as(without.toString()).isEqualTo(2);
        assertThat(without.out()).isEmpty();
        assertThat(without.err().strip())
                .isEqualTo("error: stack " + stack + " declares aggregations (outputs MonthlyTableName, NotedTableName"
                        + " name their totals tables): pass them with --aggregations, as the function holds them:"
                        + " aws lambda get-function-configuration --function-name " + stack + "-aggregator"
                        + " --query Environment.Variables.AGGREGATIONS --output text > aggregations.json,"
                        + " then --aggregations @aggregations.json");
        assertThat(with.exitCode()).as(with.toString()).isZero();
        assertThat(with.out()).startsWith("Verify (aggregations " + ALL_THREE + "):");
    }

    @Test
    void anAggregationsTableOfAnotherPipelineIsRefused() {
        LocalTables other = LocalTables.create();
        Aggregation foreign = examples.monthlyPerItem().withTable(other.totals());
        String json = ExampleAggregations.declarations(List.of(examples.orderTotals(), foreign));

        Cli.Result result = verify("--aggregations=" + json);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("error: these are not one pipeline's: ")
                .contains("aggregation monthly_item_quantity's table " + other.totals() + " belongs to stack "
                        + other.deployment().prefix());
    }

    private void createStack(String stack) {
        String template = """
                {"Resources": {"Marker": {"Type": "AWS::SQS::Queue"}},
                 "Outputs": {"OrdersTableName": {"Value": "%s"}, "TotalsTableName": {"Value": "%s"},
                             "StateTableName": {"Value": "%s"}, "FunctionName": {"Value": "%s-aggregator"},
                             "MonthlyTableName": {"Value": "%s"}, "NotedTableName": {"Value": "%s"}}}
                """.formatted(
                        tables.orders(),
                        tables.totals(),
                        tables.ledger(),
                        stack,
                        examples.monthlyTable(),
                        examples.notedOrdersTable());
        try (var clients = AwsClients.local(MotoServer.shared().endpoint());
                var cloudFormation = clients.cloudFormation()) {
            cloudFormation.createStack(request -> request.stackName(stack).templateBody(template));
        }
    }

    private String declarations() {
        return pipeline.declarations();
    }

    private String declared() {
        return pipeline.option();
    }

    private Cli.Result verify(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals(),
                "--state-table=" + tables.ledger()));
        args.addAll(List.of(more));
        return Cli.run(OperatorCli.commandLine(), args.toArray(String[]::new));
    }
}
