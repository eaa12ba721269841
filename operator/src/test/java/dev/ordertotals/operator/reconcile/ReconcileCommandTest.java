package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.operator.verify.TotalsReader;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code reconcile} through the command line, on tables on moto with no function running: what it writes is all
 * that changes (the interleavings with the function are in {@link ReconcileInterleavingTest}).
 */
class ReconcileCommandTest {

    private static final String DAY = "2026-11-24T08:00:00Z";

    @TempDir
    Path dir;

    private LocalTables tables;

    @BeforeEach
    void createTables() {
        tables = LocalTables.create();
    }

    @Test
    void ordersWrittenBeforeThePipelineAreBackfilledIntoTheLedgerAndTheTotals() {
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item123", 30);
        tables.putOrder("3", "2026-11-25", "item312", 7);
        tables.putOrder("4", "not a date", "item312", 99);

        Cli.Result result = reconcile();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "corrected order 1: ledger says nothing, order says daily_item_quantity(2026-11-24, item123): quantity 10; "
                                + "totals moved: daily_item_quantity(2026-11-24, item123): quantity +10",
                        "4 orders scanned",
                        "4 corrected, 0 orphan entries tombstoned");
        assertThat(totals())
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-11-24|item123", 40L, "2026-11-25|item312", 7L));
        assertThat(tables.ledgerItem("4"))
                .containsEntry(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(LedgerItem.MALFORMED));
        Operations.assertExact(tables);
    }

    @Test
    void aSecondRunFindsNothingToCorrect() {
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", "not a date", "item312", 99);
        assertThat(reconcile().exitCode()).isZero();

        Cli.Result again = reconcile();

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out())
                .contains("0 corrected, 0 orphan entries tombstoned")
                .doesNotContain("corrected order");
    }

    @Test
    void aDryRunPrintsEachCorrectionAndWritesNothing() {
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item312", 4);

        Cli.Result result = reconcile("--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "would correct order 1: ledger says nothing, order says daily_item_quantity(2026-11-24, item123): quantity 10; totals moved: daily_item_quantity(2026-11-24, item123): quantity +10",
                        "would correct order 2: ledger says nothing, order says daily_item_quantity(2026-11-24, item312): quantity 4; totals moved: daily_item_quantity(2026-11-24, item312): quantity +4",
                        "2 to correct, 0 orphan entries to tombstone; nothing written");
        assertThat(totals()).isEmpty();
        assertThat(tables.dynamo()
                        .scan(request -> request.tableName(tables.ledger()))
                        .count())
                .isZero();
        assertThat(dir.resolve("checkpoint.json")).doesNotExist();
    }

    @Test
    void aDryRunWithNothingToCorrectExitsZero() {
        tables.putOrder("1", DAY, "item123", 10);
        Operations.reconcile(tables);

        Cli.Result result = reconcile("--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("0 to correct");
    }

    @Test
    void aResumedRunSkipsTheSegmentsTheCheckpointHasAsDoneAndDeletesItWhenComplete() {
        for (int order = 1; order <= 40; order++) {
            tables.putOrder(Integer.toString(order), DAY, "item" + (order % 3), order);
        }
        Path checkpoint = dir.resolve("checkpoint.json");
        ReconcileCheckpoint.fresh(checkpoint, Operations.checkpointTarget(tables), 2)
                .finished(ReconcileCheckpoint.Pass.ORDERS, 0);
        List<String> firstSegment = ordersInSegment(0, 2);
        assertThat(firstSegment).isNotEmpty().hasSizeLessThan(40);

        Cli.Result result = reconcile("--segments=2", "--resume");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("Resuming from", "1 of 2 order segments");
        assertThat(result.out())
                .contains((40 - firstSegment.size()) + " orders scanned", "(1 segments skipped, done before)");
        for (int order = 1; order <= 40; order++) {
            String id = Integer.toString(order);
            assertThat(tables.ledgerItem(id))
                    .as("ledger entry of order %s", id)
                    .is(firstSegment.contains(id) ? EMPTY : NOT_EMPTY);
        }
        assertThat(checkpoint).doesNotExist();
    }

    @Test
    void withoutResumeAnOldCheckpointIsIgnoredAndReplaced() {
        tables.putOrder("1", DAY, "item123", 10);
        ReconcileCheckpoint old =
                ReconcileCheckpoint.fresh(dir.resolve("checkpoint.json"), Operations.checkpointTarget(tables), 2);
        old.finished(ReconcileCheckpoint.Pass.ORDERS, 0);
        old.finished(ReconcileCheckpoint.Pass.ORDERS, 1);

        Cli.Result result = reconcile("--segments=2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("starting over");
        assertThat(result.out()).contains("1 orders scanned", "1 corrected");
    }

    @Test
    void anEntryOfAnOrderThatNoLongerExistsIsSubtractedAndTombstoned() {
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item123", 30);
        Operations.reconcile(tables);
        tables.deleteOrder("2");

        Cli.Result result = reconcile();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "corrected order 2 (no longer exists): ledger says daily_item_quantity(2026-11-24, item123): quantity 30, order says nothing; "
                                + "totals moved: daily_item_quantity(2026-11-24, item123): quantity -30; entry tombstoned",
                        "0 corrected, 1 orphan entries tombstoned");
        assertThat(totals()).containsExactlyEntriesOf(Map.of("2026-11-24|item123", 10L));
        Map<String, AttributeValue> tombstone = tables.ledgerItem("2");
        assertThat(tombstone)
                .doesNotContainKeys(LedgerItem.CONTRIBUTIONS, LedgerItem.DIGEST)
                .containsKey(LedgerItem.TTL_ATTRIBUTE);
        Operations.assertExact(tables);
    }

    @Test
    void maxWriteUnitsHoldsTheRunToThatRate() {
        for (int order = 1; order <= 10; order++) {
            tables.putOrder(Integer.toString(order), DAY, "item" + order, 1);
        }
        long started = System.nanoTime();

        // Each correction: its ledger entry and one total, 2 units each: 40 units at 20 per second take 1.8 s at least.
        Cli.Result result = reconcile("--max-write-units=20");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat((System.nanoTime() - started) / 1e9).isGreaterThanOrEqualTo(1.8);
        Operations.assertExact(tables);
    }

    @Test
    void withoutTableNamesItSaysWhatToPass() {
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "reconcile",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=" + tables.orders());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo("error: Name the tables: --stack NAME, or --orders-table, --totals-table and --state-table");
    }

    @Test
    void aCheckpointOfTheSameTableNamesOnAnotherEngineIsRefusedAndKept() throws IOException {
        tables.putOrder("1", DAY, "item123", 10);
        Path checkpoint = dir.resolve("checkpoint.json");
        ReconcileCheckpoint.Target here = Operations.checkpointTarget(tables);
        ReconcileCheckpoint.Target elsewhere = new ReconcileCheckpoint.Target("http://127.0.0.1:4566", here.tables());
        ReconcileCheckpoint other = ReconcileCheckpoint.fresh(checkpoint, elsewhere, 2);
        other.finished(ReconcileCheckpoint.Pass.ORDERS, 0);
        other.finished(ReconcileCheckpoint.Pass.ORDERS, 1);
        String before = Files.readString(checkpoint);

        Cli.Result result = reconcile("--segments=2", "--resume");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo("error: the checkpoint " + checkpoint + " is another run's: it was taken against"
                        + " http://127.0.0.1:4566, this run works against "
                        + MotoServer.shared().endpoint()
                        + "; run without --resume to start over, or pass --checkpoint with another file");
        assertThat(tables.ledgerItems()).as("nothing skipped, nothing done").isEmpty();
        assertThat(checkpoint).hasContent(before);
    }

    @Test
    void aCheckpointOfATableOfTheSameNameCreatedAgainIsRefused() {
        Path checkpoint = dir.resolve("checkpoint.json");
        ReconcileCheckpoint.Target here = Operations.checkpointTarget(tables);
        Map<String, ReconcileCheckpoint.Table> recreated = new TreeMap<>(here.tables());
        ReconcileCheckpoint.Table orders = recreated.get("orders");
        recreated.put("orders", new ReconcileCheckpoint.Table(orders.name(), orders.arn(), "2020-01-01T00:00:00Z"));
        ReconcileCheckpoint.fresh(checkpoint, new ReconcileCheckpoint.Target(here.endpoint(), recreated), 2)
                .finished(ReconcileCheckpoint.Pass.ORDERS, 0);

        Cli.Result result = reconcile("--segments=2", "--resume");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("is another run's: its orders table is " + orders.arn() + " (created 2020-01-01T00:00:00Z),"
                        + " this run's is " + orders.arn() + " (created " + orders.created() + ")");
    }

    @Test
    void aCheckpointThatDoesNotSayWhatItWasTakenAgainstIsRefused() throws IOException {
        Path checkpoint = dir.resolve("checkpoint.json");
        Files.writeString(checkpoint, """
                {"ordersTable": "%s", "ledgerTable": "%s", "segments": 2, "ordersDone": [0, 1], "ledgerDone": [0, 1]}
                """.formatted(tables.orders(), tables.ledger()));

        Cli.Result result = reconcile("--segments=2", "--resume");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo("error: the checkpoint " + checkpoint
                        + " does not say which endpoint or account its tables are in (an older version wrote it), so"
                        + " it cannot be trusted: run without --resume to start over (it is replaced)");
        assertThat(checkpoint).exists();
    }

    @Test
    void aCheckpointThatIsNotJsonIsOneLineSayingHowToStartOver() throws IOException {
        Path checkpoint = Files.writeString(dir.resolve("checkpoint.json"), "not json\n");

        Cli.Result result = reconcile("--resume");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("error: cannot read the checkpoint " + checkpoint + " (Unrecognized token 'not'")
                .contains("); run without --resume to start over (it is replaced)");
    }

    @Test
    void theCheckpointRecordsTheEndpointAndEachTablesArnAndCreationTime() throws IOException {
        Path checkpoint = dir.resolve("checkpoint.json");
        ReconcileCheckpoint.Target target = Operations.checkpointTarget(tables);

        ReconcileCheckpoint.fresh(checkpoint, target, 2).finished(ReconcileCheckpoint.Pass.ORDERS, 1);

        var json = Json.MAPPER.readTree(checkpoint.toFile());
        assertThat(json.path("endpoint").asText())
                .isEqualTo(MotoServer.shared().endpoint().toString());
        for (String role : List.of("orders", "totals", "ledger")) {
            assertThat(json.path("tables").path(role).path("arn").asText())
                    .as(role)
                    .startsWith("arn:aws:dynamodb:us-east-1:123456789012:table/")
                    .isEqualTo(target.tables().get(role).arn());
            assertThat(json.path("tables").path(role).path("created").asText())
                    .isNotBlank()
                    .isNotEqualTo("unknown");
        }
        assertThat(ReconcileCheckpoint.load(checkpoint, target, 2)
                        .orElseThrow()
                        .done(ReconcileCheckpoint.Pass.ORDERS, 1))
                .isTrue();
    }

    @Test
    void aFailedRunWithNoFinishedSegmentLeavesNoCheckpointAndOneWithSomeKeepsIt() {
        ReconcileCheckpoint.Target target = Operations.checkpointTarget(tables);
        ReconcileCheckpoint nothingDone = ReconcileCheckpoint.fresh(dir.resolve("none.json"), target, 2);
        ReconcileCheckpoint oneDone = ReconcileCheckpoint.fresh(dir.resolve("one.json"), target, 2);
        oneDone.finished(ReconcileCheckpoint.Pass.ORDERS, 0);

        assertThat(nothingDone.failed()).isFalse();
        assertThat(oneDone.failed()).isTrue();
        assertThat(dir.resolve("none.json")).doesNotExist();
        assertThat(dir.resolve("one.json")).exists();
    }

    private static final Condition<Map<String, AttributeValue>> EMPTY = new Condition<>(Map::isEmpty, "absent");
    private static final Condition<Map<String, AttributeValue>> NOT_EMPTY =
            new Condition<>(entry -> !entry.isEmpty(), "present");

    private List<String> ordersInSegment(int segment, int segments) {
        List<String> ids = new ArrayList<>();
        tables.dynamo()
                .scanPaginator(request ->
                        request.tableName(tables.orders()).segment(segment).totalSegments(segments))
                .items()
                .forEach(item -> ids.add(item.get("order_id").s()));
        return ids;
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

    private Map<String, Long> totals() {
        Map<String, Long> totals = new TreeMap<>();
        TotalsReader.readAll(tables.dynamo(), tables.totals(), 2).stream()
                .filter(row -> !row.zero())
                .forEach(row -> totals.put(
                        row.date() + "|" + row.item(),
                        row.quantity().orElseThrow().longValueExact()));
        return totals;
    }
}
