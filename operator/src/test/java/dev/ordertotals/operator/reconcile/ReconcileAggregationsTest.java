package dev.ordertotals.operator.reconcile;

import static dev.ordertotals.operator.testkit.ThreeAggregations.DAILY;
import static dev.ordertotals.operator.testkit.ThreeAggregations.MONTHLY;
import static dev.ordertotals.operator.testkit.ThreeAggregations.NOTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.operator.testkit.ThreeAggregations;
import dev.ordertotals.operator.verify.TotalsVerifier;
import dev.ordertotals.operator.verify.VerifyReport;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code reconcile} of a pipeline whose ledger entries were written while it ran two aggregations (the source
 * document's and a monthly sum), now that it runs a third (a daily count of the orders with a {@code note}): the new
 * one is backfilled beside the others; {@code --aggregation} moves one aggregation's parts and totals alone.
 */
class ReconcileAggregationsTest {

    @TempDir
    Path dir;

    private ThreeAggregations pipeline;
    private LocalTables tables;

    @BeforeEach
    void entriesWrittenWithTwoAggregations() {
        pipeline = ThreeAggregations.create().withOrders();
        tables = pipeline.tables();
        Operations.reconciler(tables, pipeline.dailyAndMonthly(), 2).run(ReconcileCheckpoint.none(2));
        Operations.assertExact(tables, pipeline.dailyAndMonthly());
    }

    @Test
    void anAggregationAddedSinceTheEntriesWereWrittenIsBackfilledBesideTheirOtherParts() {
        Map<String, Contribution> before = pipeline.contributions();
        var dailyTotals = dailyTotals();
        var monthlyTotals = monthlyTotals();

        Cli.Result result = reconcile(pipeline.option());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("corrected order 1: ledger says daily_item_quantity(2026-11-24, item123): quantity 10"
                        + " + monthly_item_quantity(2026-11, item123): quantity 10, order says"
                        + " daily_item_quantity(2026-11-24, item123): quantity 10 + daily_noted_orders(2026-11-24):"
                        + " orders 1 + monthly_item_quantity(2026-11, item123): quantity 10;"
                        + " totals moved: daily_noted_orders(2026-11-24): orders +1")
                .contains("Reconcile (aggregations " + DAILY + ", " + MONTHLY + ", " + NOTED + "): 4 orders scanned");
        Operations.assertExact(tables, pipeline.all());
        assertThat(dailyTotals()).as("the source document's totals untouched").isEqualTo(dailyTotals);
        assertThat(monthlyTotals()).as("the monthly totals untouched").isEqualTo(monthlyTotals);
        Map<String, Contribution> after = pipeline.contributions();
        Aggregations two = pipeline.dailyAndMonthly();
        before.forEach((order, contribution) -> assertThat(two.partsOf(after.get(order)))
                .as("order %s's other parts", order)
                .isEqualTo(contribution));
    }

    @Test
    void reconcilingOneAggregationLeavesTheOtherPartsOfEveryEntryAndTheirTotalsAsTheyAre() {
        // Changed with no stream behind it: its entry still counts 30 in the two sums.
        pipeline.putOrder("2", "2026-11-24T09:30:00Z", "item123", AttributeValue.fromN("31"), null);
        Map<String, Contribution> before = pipeline.contributions();
        var dailyTotals = dailyTotals();
        var monthlyTotals = monthlyTotals();

        Cli.Result noted = reconcile(pipeline.option(), "--aggregation=" + NOTED);

        assertThat(noted.exitCode()).as(noted.toString()).isZero();
        assertThat(noted.out())
                .contains("corrected order 1: ledger says nothing, order says daily_noted_orders(2026-11-24): orders 1;"
                        + " totals moved: daily_noted_orders(2026-11-24): orders +1")
                .doesNotContain("corrected order 2")
                .contains("Reconcile (aggregation " + NOTED + "): 4 orders scanned");
        assertThat(dailyTotals()).isEqualTo(dailyTotals);
        assertThat(monthlyTotals()).isEqualTo(monthlyTotals);
        Aggregations two = pipeline.dailyAndMonthly();
        Map<String, Contribution> after = pipeline.contributions();
        before.forEach((order, contribution) -> assertThat(two.partsOf(after.get(order)))
                .as("order %s's other parts", order)
                .isEqualTo(contribution));
        assertExact(NOTED);
        assertThat(verify(Optional.empty()).exact())
                .as("order 2's sums still drift")
                .isFalse();

        Cli.Result monthly = reconcile(pipeline.option(), "--aggregation=" + MONTHLY);

        assertThat(monthly.out())
                .contains("corrected order 2: ledger says monthly_item_quantity(2026-11, item123): quantity 30,"
                        + " order says monthly_item_quantity(2026-11, item123): quantity 31;"
                        + " totals moved: monthly_item_quantity(2026-11, item123): quantity +1");
        assertExact(MONTHLY);
        assertExact(NOTED);
        assertThat(pipeline.all().only(DAILY).partsOf(pipeline.contributions().get("2")))
                .as("order 2's daily part, not reconciled yet")
                .isEqualTo(pipeline.all().only(DAILY).partsOf(before.get("2")));
        assertThat(dailyTotals()).isEqualTo(dailyTotals);
    }

    @Test
    void anOrderMalformedForTheOtherAggregationsStaysQuarantinedForThem() {
        Cli.Result result = reconcile(pipeline.option(), "--aggregation=" + NOTED);

        assertThat(result.out())
                .contains("corrected order 4: ledger says nothing, order says daily_noted_orders(2026-12-01): orders 1;"
                        + " totals moved: daily_noted_orders(2026-12-01): orders +1; quarantined as malformed"
                        + " (aggregation daily_item_quantity: ");
        assertThat(tables.ledgerItem("4"))
                .containsEntry(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(LedgerItem.MALFORMED));
        assertThat(tables.ledgerItem("4").get(LedgerItem.QUARANTINE_REASON).s())
                .contains("aggregation daily_item_quantity: ", "; aggregation monthly_item_quantity: ");
        Operations.assertExact(tables, pipeline.all());
    }

    @Test
    void aCheckpointOfOtherAggregationsIsRefusedOnResume() {
        Path checkpoint = dir.resolve("checkpoint.json");
        ReconcileCheckpoint.Target target = Operations.checkpointTarget(tables);
        ReconcileCheckpoint.fresh(
                        checkpoint,
                        new ReconcileCheckpoint.Target(
                                target.endpoint(),
                                target.tables(),
                                pipeline.dailyAndMonthly().all()),
                        2)
                .finished(ReconcileCheckpoint.Pass.ORDERS, 0);

        Cli.Result result = reconcile(pipeline.option(), "--segments=2", "--resume");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo("error: the checkpoint " + checkpoint + " is another run's: it reconciled aggregations ["
                        + DAILY + ", " + MONTHLY + "], this run reconciles [" + DAILY + ", " + MONTHLY + ", " + NOTED
                        + "]; run without --resume to start over, or pass --checkpoint with another file");
    }

    private void assertExact(String aggregation) {
        var report = verify(Optional.of(aggregation));
        assertThat(report.exact()).as("%s: %s", aggregation, report).isTrue();
    }

    private VerifyReport verify(Optional<String> aggregation) {
        Aggregations all = pipeline.all();
        return new TotalsVerifier(tables.dynamo(), 2)
                .verify(tables.orders(), all, aggregation.map(all::only).orElse(all), Optional.of(tables.ledger()));
    }

    private Map<String, Map<String, AttributeValue>> dailyTotals() {
        return pipeline.totals(tables.totals(), List.of("order_date", "item_number"));
    }

    private Map<String, Map<String, AttributeValue>> monthlyTotals() {
        return new TreeMap<>(pipeline.totals(pipeline.examples().monthlyTable(), List.of("month", "item_number")));
    }

    private Cli.Result reconcile(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "reconcile",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals(),
                "--state-table=" + tables.ledger(),
                "--checkpoint=" + dir.resolve("checkpoint.json")));
        args.addAll(List.of(more));
        return Cli.run(OperatorCli.commandLine(), args.toArray(String[]::new));
    }
}
