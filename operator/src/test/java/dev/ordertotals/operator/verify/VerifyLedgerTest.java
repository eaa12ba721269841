package dev.ordertotals.operator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.commit.LedgerTable;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code verify} with the ledger: after a backfill every level is exact; an order whose entry disagrees with it is
 * named with what each says, and a total that disagrees with the sum of its entries is reported against that sum.
 * Changes made here to the orders table reach no function: they are the drift.
 */
class VerifyLedgerTest {

    private LocalTables tables;

    @BeforeEach
    void ordersBackfilledIntoTheLedger() {
        tables = LocalTables.create();
        tables.putOrder("1", "2026-11-24T08:00:00Z", "item123", 10);
        tables.putOrder("2", "2026-11-24T09:30:00Z", "item123", 30);
        tables.putOrder("3", "2026-11-24T11:00:00Z", "item312", 7);
        tables.putOrder("4", "2026-11-25", "item312", 5);
        tables.putOrder("5", "not a date", "item312", 99);
        Operations.reconcile(tables);
    }

    @Test
    void afterABackfillEveryLevelIsExact() {
        Cli.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "5 orders scanned (4 counted, 1 malformed)",
                        "5 ledger entries scanned",
                        "Totals vs orders: exact",
                        "Ledger vs orders: exact",
                        "Totals vs ledger: exact",
                        "Verify: exact");
    }

    @Test
    void anOrderWhoseLedgerEntryDisagreesIsNamedWithWhatEachSays() {
        tables.putOrder("3", "2026-11-24T11:00:00Z", "item312", 8);

        Cli.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "Ledger vs orders: DRIFT - 1 order(s) differ from their ledger entry",
                        "order 3: ledger says daily_item_quantity(2026-11-24, item312): quantity 7, order says daily_item_quantity(2026-11-24, item312): quantity 8",
                        "Totals vs ledger: exact",
                        "run `reconcile`");
    }

    @Test
    void aTotalThatDisagreesWithItsLedgerEntriesIsReportedAgainstTheirSum() {
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromN("41"));

        Cli.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "Ledger vs orders: exact",
                        "Totals vs ledger: DRIFT - 1 totals differ (0 missing, 0 extra, 1 wrong)",
                        "wrong    2026-11-24 item123: ledger 40, actual 41",
                        "set it to the ledger's sum");
    }

    @Test
    void aMalformedOrderWhoseEntryIsNotQuarantinedIsNamed() {
        tables.dynamo()
                .updateItem(request -> request.tableName(tables.ledger())
                        .key(LedgerTable.key("5"))
                        .updateExpression("REMOVE #kind, #shard")
                        .expressionAttributeNames(
                                Map.of("#kind", LedgerItem.QUARANTINE_KIND, "#shard", LedgerItem.QUARANTINE_SHARD)));

        Cli.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "order 5: ledger says nothing, order says nothing; the order is malformed (aggregation daily_item_quantity: "
                                + "order_date 'not a date' "
                                + "does not start with an ISO date YYYY-MM-DD) but its entry is not quarantined");
    }

    @Test
    void anEntryStillCountingAGoneOrderIsNamed() {
        tables.deleteOrder("4");

        Cli.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "order 4 (no longer exists): ledger says daily_item_quantity(2026-11-25, item312): quantity 5, order says nothing",
                        "Totals vs ledger: exact");
    }

    private Cli.Result verify() {
        return Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals(),
                "--state-table=" + tables.ledger());
    }
}
