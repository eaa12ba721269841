package dev.ordertotals.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The tools refuse tables that are not one pipeline's before they read or write anything, naming the mismatch and
 * {@value PipelineCheck#OVERRIDE}; with it they warn and go on. Two pipelines here are two local deployments of the
 * stack's template (two stack ids), tagged as the stack tags them.
 */
class PipelineCheckTest {

    private static final String DAY = "2026-11-24T08:00:00Z";

    @TempDir
    Path dir;

    private LocalTables a;
    private LocalTables b;

    @BeforeEach
    void twoPipelines() {
        a = LocalTables.create();
        b = LocalTables.create();
        a.putOrder("1", DAY, "item123", 10);
        b.putOrder("1", DAY, "item123", 10);
        b.putOrder("2", DAY, "item123", 5);
    }

    @Test
    void reconcileRefusesAnotherPipelinesOrdersTableBeforeReadingAnything() {
        // A's tables are reconciled and exact: with B's orders, a real run would correct and tombstone A's entries.
        assertThat(cli(
                                "reconcile",
                                "--orders-table=" + a.orders(),
                                "--totals-table=" + a.totals(),
                                "--state-table=" + a.ledger())
                        .exitCode())
                .isZero();
        var ledgerBefore = a.ledgerItems();

        Cli.Result result = cli(
                "reconcile",
                "--orders-table=" + b.orders(),
                "--totals-table=" + a.totals(),
                "--state-table=" + a.ledger(),
                "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("error: these are not one pipeline's: --orders-table " + b.orders() + " belongs to stack "
                        + b.deployment().prefix() + " (id ")
                .contains("--totals-table " + a.totals() + " and --state-table " + a.ledger() + " belong to stack "
                        + a.deployment().prefix())
                .contains("--stack NAME")
                .endsWith("(or pass --ignore-pipeline-tags if you know they belong together)" + System.lineSeparator());
        assertThat(a.ledgerItems()).isEqualTo(ledgerBefore);
        assertThat(checkpoints()).isEmpty();
    }

    @Test
    void reconcileRefusesTheTotalsAndLedgerTablesSwapped() {
        Cli.Result result = cli(
                "reconcile",
                "--orders-table=" + a.orders(),
                "--totals-table=" + a.ledger(),
                "--state-table=" + a.totals());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .startsWith("error: --totals-table " + a.ledger()
                        + " is its pipeline's ledger (state) table (tag order-totals:role=ledger), not a totals table");
        assertThat(a.ledgerItems()).isEmpty();
        assertThat(checkpoints()).isEmpty();
    }

    @Test
    void verifyRefusesATotalsTableOfAnotherPipeline() {
        Cli.Result result = cli("verify", "--orders-table=" + a.orders(), "--totals-table=" + b.totals());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("error: these are not one pipeline's: --orders-table " + a.orders())
                .contains("--totals-table " + b.totals() + " belongs to stack "
                        + b.deployment().prefix());
    }

    @Test
    void anAttachedOrdersTableTheStackDoesNotTagMustBeTheOneTheLedgerNames() {
        untag(b.orders(), b);
        untag(a.orders(), a);

        Cli.Result result = cli(
                "reconcile",
                "--orders-table=" + b.orders(),
                "--totals-table=" + a.totals(),
                "--state-table=" + a.ledger(),
                "--dry-run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .startsWith("error: --orders-table " + b.orders() + " is not the orders table of --totals-table "
                        + a.totals() + " and --state-table " + a.ledger() + ", which aggregate " + a.orders()
                        + " (tag order-totals:orders-table)");
        assertThat(cli(
                                "reconcile",
                                "--orders-table=" + a.orders(),
                                "--totals-table=" + a.totals(),
                                "--state-table=" + a.ledger(),
                                "--dry-run")
                        .exitCode())
                .as("the untagged orders table the ledger names is accepted")
                .isEqualTo(1);
    }

    @Test
    void untaggedTablesAreRefusedAndTheOverrideGoesOnWithAWarning() {
        untag(a.totals(), a);
        String[] args = {"verify", "--orders-table=" + a.orders(), "--totals-table=" + a.totals()};

        Cli.Result refused = cli(args);
        Cli.Result overridden = cli(Stream.concat(Stream.of(args), Stream.of("--ignore-pipeline-tags"))
                .toArray(String[]::new));

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip())
                .isEqualTo("error: --totals-table " + a.totals()
                        + " carries no order-totals:pipeline tag, so nothing shows that it belongs with the others;"
                        + " deploy the current stack to tag its tables and queue (or pass --ignore-pipeline-tags if"
                        + " you know they belong together)");
        assertThat(overridden.exitCode()).as(overridden.toString()).isEqualTo(1);
        assertThat(overridden.err())
                .startsWith("warning: --totals-table " + a.totals() + " carries no order-totals:pipeline tag")
                .contains("going on (--ignore-pipeline-tags)");
        assertThat(overridden.out()).contains("Totals vs orders: DRIFT");
    }

    @Test
    void replayRefusesAnotherPipelinesTablesBeforeReceivingAMessage() {
        sendOnFailure(a, a);
        var totalsOfB = b.exactTotals();

        Cli.Result result = cli(
                "replay", "--queue-url=" + a.queueUrl(), "--totals-table=" + b.totals(), "--state-table=" + b.ledger());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("error: these are not one pipeline's: --queue-url " + a.queueUrl() + " belongs to stack "
                        + a.deployment().prefix())
                .contains("--totals-table " + b.totals() + " and --state-table " + b.ledger() + " belong to stack "
                        + b.deployment().prefix());
        assertThat(visibleMessages(a))
                .as("the message is still there, not even received")
                .isEqualTo(1);
        assertThat(b.exactTotals()).isEqualTo(totalsOfB);
    }

    @Test
    void replayKeepsARangeOfAnotherPipelinesStreamAndAppliesTheRest() {
        sendOnFailure(a, b);
        sendOnFailure(a, a);

        Cli.Result result = cli(
                "replay", "--queue-url=" + a.queueUrl(), "--totals-table=" + a.totals(), "--state-table=" + a.ledger());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "FOREIGN  ",
                        "its range is of stream " + b.streamArn() + ", not of this pipeline's orders table "
                                + a.orders())
                .contains("applied  ", "1 message(s) applied and deleted, 1 left in the queue.");
        assertThat(b.ledgerItems()).isEmpty();
        assertThat(a.nonZeroTotals()).containsExactlyEntriesOf(Map.of("2026-11-24|item123", 10L));
        assertThat(visibleMessages(a))
                .as("the foreign message is kept, visible again")
                .isEqualTo(1);
    }

    @Test
    void quarantineRefusesATableThatIsNotALedger() {
        Cli.Result result = cli("quarantine", "--state-table=" + a.totals());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo("error: --state-table " + a.totals()
                        + " is its pipeline's totals table (tag order-totals:role=totals), not a ledger (state) table");
    }

    private void untag(String table, LocalTables tables) {
        String arn = tables.dynamo()
                .describeTable(request -> request.tableName(table))
                .table()
                .tableArn();
        tables.dynamo()
                .untagResource(request -> request.resourceArn(arn)
                        .tagKeys(PipelineTags.PIPELINE, PipelineTags.ROLE, PipelineTags.ORDERS_TABLE));
    }

    /** An on-failure message in {@code queueOf}'s queue for the whole stream of {@code streamOf}. */
    private static void sendOnFailure(LocalTables queueOf, LocalTables streamOf) {
        List<Record> records = streamOf.streamRecords();
        Operations.sendOnFailure(queueOf, streamOf, records.getFirst(), records.getLast(), records.size());
    }

    private static int visibleMessages(LocalTables tables) {
        return Integer.parseInt(tables.sqs()
                .getQueueAttributes(request ->
                        request.queueUrl(tables.queueUrl()).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                .attributesAsStrings()
                .get("ApproximateNumberOfMessages"));
    }

    private List<Path> checkpoints() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Cli.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--endpoint-url=" + MotoServer.shared().endpoint());
        if (args[0].equals("reconcile")) {
            all.add("--checkpoint=" + dir.resolve("checkpoint.json"));
        }
        return Cli.run(OperatorCli.commandLine(), all.toArray(String[]::new));
    }
}
