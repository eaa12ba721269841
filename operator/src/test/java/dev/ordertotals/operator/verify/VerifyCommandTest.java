package dev.ordertotals.operator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code verify} against tables on moto, totals vs orders (no ledger table given): drift of every kind is reported
 * with its values. The ledger levels are in {@link VerifyLedgerTest}.
 */
class VerifyCommandTest {

    private LocalTables tables;

    @BeforeEach
    void ordersAndTheirCorrectTotals() {
        tables = LocalTables.create();
        tables.putOrder("1", "2026-11-24T08:00:00Z", "item123", 10);
        tables.putOrder("2", "2026-11-24T09:30:00Z", "item123", 30);
        tables.putOrder("3", "2026-11-24T11:00:00Z", "item312", 7);
        tables.putOrder("4", "2026-11-25", "item312", 5);
        tables.putOrder("5", "not a date", "item312", 99);
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromN("40"));
        tables.putTotal("2026-11-24", "item312", AttributeValue.fromN("7"));
        tables.putTotal("2026-11-25", "item312", AttributeValue.fromN("5"));
        tables.putTotal("2026-11-23", "item999", AttributeValue.fromN("0"));
    }

    @Test
    void exactTotalsExitZeroAndAZeroTotalCountsAsNone() {
        Cli.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("5 orders scanned (4 counted, 1 malformed)", "Verify: exact");
    }

    @Test
    void aCorruptedTotalIsReportedWithExpectedAndActual() {
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromN("41"));

        Cli.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "Totals vs orders: DRIFT - 1 totals differ (0 missing, 0 extra, 1 wrong)",
                        "wrong    2026-11-24 item123: expected 40, actual 41",
                        "Verify: DRIFT",
                        "reconcile");
    }

    @Test
    void missingExtraAndMistypedTotalsAreReported() {
        tables.dynamo()
                .deleteItem(request -> request.tableName(tables.totals())
                        .key(Map.of(
                                "order_date",
                                AttributeValue.fromS("2026-11-25"),
                                "item_number",
                                AttributeValue.fromS("item312"))));
        tables.putTotal("2026-11-20", "ghost", AttributeValue.fromN("3"));
        tables.putTotal("2026-11-24", "item312", AttributeValue.fromS("seven"));

        Cli.Result result = verify();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "3 totals differ (1 missing, 1 extra, 1 wrong)",
                        "missing  2026-11-25 item312: expected 5, actual <none>",
                        "extra    2026-11-20 ghost: expected 0, actual 3",
                        "wrong    2026-11-24 item312: expected 7, actual S:seven");
    }

    @Test
    void theFixOptionIsGoneInFavourOfReconcile() {
        Cli.Result result = verify("--fix");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("verify --fix is gone", "reconcile");
    }

    @Test
    void tableNamesComeFromTheStacksOutputs() {
        String stack = "verify-" + tables.deployment().prefix();
        String template = """
                {"Resources": {"Marker": {"Type": "AWS::SQS::Queue"}},
                 "Outputs": {"OrdersTableName": {"Value": "%s"}, "TotalsTableName": {"Value": "%s"}, "StateTableName": {"Value": "%s"}}}
                """.formatted(tables.orders(), tables.totals(), tables.ledger());
        try (var clients = AwsClients.local(MotoServer.shared().endpoint());
                var cloudFormation = clients.cloudFormation()) {
            cloudFormation.createStack(request -> request.stackName(stack).templateBody(template));
        }
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromN("39"));

        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--stack=" + stack);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("wrong    2026-11-24 item123: expected 40, actual 39");
        assertThat(Cli.run(
                                OperatorCli.commandLine(),
                                "verify",
                                "--endpoint-url=" + MotoServer.shared().endpoint(),
                                "--stack=no-such-stack")
                        .err())
                .isEqualTo("error: --stack no-such-stack: no such stack at "
                        + MotoServer.shared().endpoint()
                        + ", region us-east-1; check the name (aws cloudformation list-stacks), --region and --profile"
                        + System.lineSeparator());
    }

    @Test
    void withoutTableNamesItSaysWhatToPass() {
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo(
                        "error: Name the tables: --stack NAME, or --orders-table and --totals-table (and --state-table)");
    }

    @Test
    void aMissingTableIsOneLineAndExitTwo() {
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=nope",
                "--totals-table=" + tables.totals());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .isEqualTo("error: --orders-table nope: no such table at "
                        + MotoServer.shared().endpoint() + ", region us-east-1"
                        + "; check the name (and --region, --profile or --endpoint-url)");
    }

    private Cli.Result verify(String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "verify";
        args[1] = "--endpoint-url=" + MotoServer.shared().endpoint();
        args[2] = "--orders-table=" + tables.orders();
        args[3] = "--totals-table=" + tables.totals();
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(OperatorCli.commandLine(), args);
    }
}
