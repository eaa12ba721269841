package dev.ordertotals.operator.reconcile;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.ledger.Pipeline;
import dev.ordertotals.operator.aggregations.AggregationOption;
import dev.ordertotals.operator.aggregations.AggregationsOption;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.aws.AwsOptions;
import dev.ordertotals.operator.aws.PipelineCheck;
import dev.ordertotals.operator.aws.PipelineTables;
import dev.ordertotals.operator.cli.Console;
import dev.ordertotals.operator.cli.Errors;
import dev.ordertotals.operator.cli.ExitCode;
import dev.ordertotals.operator.cli.OptionValues;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code reconcile}: bring every order's ledger entry, and so the totals, to the orders table; online. */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Backfill or repair the ledger and the totals from the orders table, while the function runs.",
        description = {
            "Scans the orders table in parallel segments; for every order whose ledger entry disagrees with its current "
                    + "image, commits in one transaction: entry := what the image contributes, totals += the difference, "
                    + "conditioned on the entry being unchanged since it was read (else it reads both again). A malformed "
                    + "order is quarantined; a parked (refused) record is applied once its cause is fixed. Then it scans the "
                    + "ledger for entries of orders that no longer exist: each is subtracted and tombstoned.",
            "",
            "Run it with the event source mapping enabled: nothing needs to stop. Backfill of a table that had orders "
                    + "before the stack (start the mapping at LATEST, then reconcile), repair after `verify` reports drift. "
                    + "The result is exact once the stream has drained, whatever the interleaving.",
            "",
            "Ctrl-C stops it and keeps the segments it finished in a checkpoint file (default .reconcile-<orders table>.json "
                    + "in the current folder); --resume goes on from there. A completed run deletes the file. The checkpoint "
                    + "records the endpoint (or AWS) and each table's ARN and creation time: --resume refuses one taken "
                    + "against other tables. Tables: --stack NAME (outputs OrdersTableName, TotalsTableName, StateTableName), "
                    + "or the three explicit options.",
            "",
            "Aggregations: the ones the function runs, from --aggregations (its AGGREGATIONS variable; needed when the "
                    + "stack declares aggregations, and --stack refuses to go on without it then), else the source "
                    + "document's alone. Every one is brought in line: one declared since the entries were written is "
                    + "backfilled beside their other parts; the parts of one no longer declared are removed (so without "
                    + "--aggregations, a pipeline's declared aggregations would lose theirs). --aggregation NAME brings "
                    + "one alone in line: its part of each entry and its totals; the entries' other parts, the other "
                    + "totals, and a quarantine note the others still need are left as they are. The checkpoint records "
                    + "the aggregations reconciled: --resume refuses one of others.",
            "",
            "Before anything is read, the tables must exist and be one pipeline's: the stack tags its tables and queue (order-totals:pipeline, order-totals:role, order-totals:orders-table), and a mix of two stacks' tables, or one table for another, is refused naming both; --ignore-pipeline-tags goes on anyway, for tables you know belong together.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 done (or nothing to do), 1 a dry run found corrections to make or some orders could not be "
                    + "corrected (listed), 2 error."
        })
public final class ReconcileCommand implements Callable<Integer> {

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
            description = "Parallel scan segments, one worker each (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(
            names = "--dry-run",
            description =
                    "Print each correction (order, what the ledger says, what the order says, totals moved); write nothing.")
    boolean dryRun;

    @Option(
            names = "--max-write-units",
            paramLabel = "N",
            converter = OptionValues.NonNegativeRate.class,
            defaultValue = "0",
            description =
                    "Spend at most N write units per second (a transaction of k items costs 2k); 0: no limit (default).")
    double maxWriteUnits;

    @Option(
            names = "--resume",
            description = "Skip the segments an interrupted run finished (from its checkpoint file).")
    boolean resume;

    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            description = "Checkpoint file (default: .reconcile-<orders table>.json here).")
    Path checkpointFile;

    @Option(
            names = "--max-report",
            paramLabel = "N",
            converter = OptionValues.NonNegativeInt.class,
            defaultValue = "50",
            description = "Corrections to list in a real run (a dry run lists all) (default: ${DEFAULT-VALUE}).")
    int maxReport;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Console console = new Console(spec.commandLine().getErr(), Console.stderrIsTerminal());
        only.check(aggregations.declared());
        try (AwsClients clients = aws.clients();
                DynamoDbClient dynamo = clients.dynamo()) {
            PipelineTables.Names names = pipelineTables.resolve(clients);
            String orders = names.orders().orElse(null);
            String totals = names.totals().orElse(null);
            String ledger = names.ledger().orElse(null);
            if (orders == null || totals == null || ledger == null) {
                throw new IllegalArgumentException(
                        "Name the tables: --stack NAME, or --orders-table, --totals-table and --state-table");
            }
            // Everything that can be checked is checked before the first read of an order: the checkpoint's folder,
            // that the tables exist and are one pipeline's, and (with --resume) that the checkpoint is of them.
            Path file = checkpointFile != null ? checkpointFile : ReconcileCheckpoint.defaultFile(orders);
            if (!dryRun) {
                ReconcileCheckpoint.checkWritable(file);
            }
            aggregations.checkAgainst(names.stack(), console::line);
            Aggregations configured = aggregations.configured(totals);
            Aggregations reconciled = only.of(configured);
            PipelineCheck.Verified verified =
                    pipelineTables.check(clients, dynamo, names, reconciled.all(), console::line);
            Reconciler.Settings settings = new Reconciler.Settings(segments, dryRun, maxWriteUnits);
            ReconcileCheckpoint checkpoint =
                    checkpoint(console, file, ReconcileCheckpoint.Target.of(clients.endpoint(), verified, reconciled));
            AtomicInteger listed = new AtomicInteger();
            Reconciler.Listener listener = new Reconciler.Listener() {
                @Override
                public void corrected(Reconciler.Correction correction) {
                    if (dryRun) {
                        console.line(out, "would correct " + correction.describe());
                    } else if (listed.incrementAndGet() <= maxReport) {
                        console.line(out, "corrected " + correction.describe());
                    }
                }

                @Override
                public void failed(String orderKey, String reason) {
                    console.line(out, "NOT CORRECTED order " + orderKey + ": " + reason);
                }
            };
            Reconciler reconciler = new Reconciler(
                    dynamo,
                    new Reconciler.Tables(new Pipeline(orders, ledger, configured), reconciled),
                    settings,
                    listener);
            long started = System.nanoTime();
            CountDownLatch finished = new CountDownLatch(1);
            Thread onInterrupt =
                    new Thread(() -> interrupted(reconciler, checkpoint, finished, console), "reconcile-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            Reconciler.Result result;
            try {
                console.startProgress(() -> reconciler.progress().describe(), Duration.ofSeconds(5));
                result = reconciler.run(checkpoint);
                console.endProgress();
            } catch (RuntimeException failure) {
                console.endProgress();
                removeHook(onInterrupt);
                throw failed(failure, checkpoint, clients.where());
            } finally {
                console.endProgress();
                finished.countDown();
            }
            removeHook(onInterrupt);
            if (result.complete()) {
                checkpoint.completed();
            }
            if (!dryRun && listed.get() > maxReport) {
                out.printf("... and %d more corrections (--max-report to list them)%n", listed.get() - maxReport);
            }
            out.println(summary(
                    result, AggregationOption.named(configured, reconciled), (System.nanoTime() - started) / 1e9));
            out.flush();
            if (dryRun) {
                return result.changes() > 0 || result.failed() > 0 ? ExitCode.DRIFT : ExitCode.OK;
            }
            return result.failed() > 0 ? ExitCode.DRIFT : ExitCode.OK;
        }
    }

    private static void removeHook(Thread onInterrupt) {
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook has stopped the run and says how to go on.
        }
    }

    /**
     * The run failed (not a Ctrl-C): say what failed, in one line, and what became of the checkpoint: gone when no
     * segment had finished, else kept for {@code --resume} once the cause is fixed.
     */
    private RuntimeException failed(RuntimeException failure, ReconcileCheckpoint checkpoint, String where) {
        boolean kept;
        try {
            kept = checkpoint.failed();
        } catch (RuntimeException cannotSave) {
            failure.addSuppressed(cannotSave);
            kept = false;
        }
        String what = Errors.oneLine(failure, Optional.of(where));
        if (!kept) {
            return new IllegalStateException(what, failure);
        }
        return new IllegalStateException(
                what + "; the " + checkpoint.doneCount(ReconcileCheckpoint.Pass.ORDERS) + " of " + segments
                        + " order segments and " + checkpoint.doneCount(ReconcileCheckpoint.Pass.LEDGER) + " of "
                        + segments + " ledger segments finished are kept in "
                        + checkpoint.file().orElseThrow()
                        + ": once the cause is fixed, `reconcile --resume` goes on from there",
                failure);
    }

    private ReconcileCheckpoint checkpoint(Console console, Path file, ReconcileCheckpoint.Target target) {
        if (dryRun) {
            return ReconcileCheckpoint.none(segments);
        }
        if (resume) {
            var loaded = ReconcileCheckpoint.load(file, target, segments);
            if (loaded.isPresent()) {
                console.line("Resuming from " + file + ": " + loaded.get().doneCount(ReconcileCheckpoint.Pass.ORDERS)
                        + " of " + segments
                        + " order segments and " + loaded.get().doneCount(ReconcileCheckpoint.Pass.LEDGER) + " of "
                        + segments
                        + " ledger segments already done.");
                return loaded.get();
            }
            console.line("No checkpoint " + file + ": starting from the beginning.");
        } else if (Files.exists(file)) {
            console.line("A checkpoint of an interrupted run exists (" + file
                    + "); starting over (--resume goes on from it).");
        }
        return ReconcileCheckpoint.fresh(file, target, segments);
    }

    /** Ctrl-C: stop the workers after their current order, keep the finished segments, say how to go on. */
    private void interrupted(
            Reconciler reconciler, ReconcileCheckpoint checkpoint, CountDownLatch finished, Console console) {
        reconciler.stop();
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dryRun) {
            console.line("Interrupted (a dry run: nothing was written).");
            return;
        }
        Optional<Path> file = checkpoint.file();
        if (file.isEmpty() || !checkpoint.failed()) {
            console.line("Interrupted before any segment finished: nothing to resume from; run it again.");
            return;
        }
        console.line("Interrupted: " + checkpoint.doneCount(ReconcileCheckpoint.Pass.ORDERS) + " of " + segments
                + " order segments and " + checkpoint.doneCount(ReconcileCheckpoint.Pass.LEDGER) + " of " + segments
                + " ledger segments done, kept in " + file.get() + "; `reconcile --resume` goes on from there.");
    }

    private String summary(Reconciler.Result result, String aggregations, double seconds) {
        String scanned = String.format(
                "%d orders scanned, %d ledger entries checked for gone orders",
                result.scanned(), result.ledgerChecked());
        String skipped = result.segmentsSkipped() == 0
                ? ""
                : String.format(" (%d segments skipped, done before)", result.segmentsSkipped());
        String failed =
                result.failed() == 0 ? "" : String.format("; %d orders NOT corrected (listed above)", result.failed());
        if (dryRun) {
            return String.format(
                    "Reconcile%s (dry run): %s%s; %d to correct, %d orphan entries to tombstone; nothing written%s (%.1f s).",
                    aggregations, scanned, skipped, result.corrected(), result.orphans(), failed, seconds);
        }
        return String.format(
                "Reconcile%s%s: %s%s; %d corrected, %d orphan entries tombstoned%s (%.1f s, %.0f orders/s).",
                aggregations,
                result.complete() ? "" : " (stopped before the end)",
                scanned,
                skipped,
                result.corrected(),
                result.orphans(),
                failed,
                seconds,
                result.scanned() / Math.max(seconds, 1e-3));
    }
}
