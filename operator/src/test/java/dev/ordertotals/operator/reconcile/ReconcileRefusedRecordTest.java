package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A record DynamoDB refuses (here: its total was overwritten with a string, so {@code ADD} fails) is parked on the
 * order's ledger entry, leaving the entry and the totals as they were; verify shows where, and once the total is
 * repaired by hand, reconcile applies the parked difference.
 */
class ReconcileRefusedRecordTest {

    private static final String DAY = "2026-11-24T08:00:00Z";

    @TempDir
    Path dir;

    private LocalTables tables;

    @BeforeEach
    void aRecordRefusedBecauseItsTotalIsCorrupt() {
        tables = LocalTables.create();
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item123", 5);
        Operations.reconcile(tables);
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromS("fifteen"));
        int seen = tables.streamRecords().size();
        tables.putOrder("1", DAY, "item123", 12);
        List<Record> records = tables.streamRecords();

        BatchReport report = Operations.commit(tables, records.subList(seen, records.size()));

        assertThat(report.quarantined()).as(report.toString()).isEqualTo(1);
        assertThat(tables.ledgerItem("1"))
                .containsEntry(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(LedgerItem.REFUSED))
                .satisfies(entry -> assertThat(LedgerEntry.from(entry)
                                .contribution()
                                .parts()
                                .get(Aggregation.ORDER_TOTALS)
                                .measures())
                        .isEqualTo(Map.of("quantity", 10L)));
    }

    @Test
    void verifyShowsTheParkedOrderAndTheTotalAgainstItsLedgerSum() {
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals(),
                "--state-table=" + tables.ledger());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "order 1: ledger says daily_item_quantity(2026-11-24, item123): quantity 10, order says daily_item_quantity(2026-11-24, item123): quantity 12; its entry is still quarantined as refused",
                        "wrong    2026-11-24 item123: ledger 15, actual S:fifteen");
    }

    @Test
    void reconcileReportsTheRefusalAndChangesNothingWhileTheCauseRemains() {
        Cli.Result result = reconcile();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains("NOT CORRECTED order 1: DynamoDB refused the correction", "1 orders NOT corrected");
        assertThat(tables.ledgerItem("1"))
                .satisfies(entry -> assertThat(LedgerEntry.from(entry)
                                .contribution()
                                .parts()
                                .get(Aggregation.ORDER_TOTALS)
                                .measures())
                        .isEqualTo(Map.of("quantity", 10L)))
                .containsEntry(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(LedgerItem.REFUSED));
    }

    @Test
    void onceTheTotalIsRepairedByHandReconcileAppliesTheParkedDifference() {
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromN("15"));

        Cli.Result result = reconcile();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "corrected order 1: ledger says daily_item_quantity(2026-11-24, item123): quantity 10, order says daily_item_quantity(2026-11-24, item123): quantity 12; "
                                + "totals moved: daily_item_quantity(2026-11-24, item123): quantity +2; refused quarantine cleared");
        assertThat(tables.ledgerItem("1")).doesNotContainKeys(LedgerItem.QUARANTINE_KIND, LedgerItem.QUARANTINE_SHARD);
        Operations.assertExact(tables);
    }

    private Cli.Result reconcile() {
        return Cli.run(
                OperatorCli.commandLine(),
                "reconcile",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals(),
                "--state-table=" + tables.ledger(),
                "--checkpoint=" + dir.resolve("c.json"));
    }
}
