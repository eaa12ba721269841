package dev.ordertotals.operator.replay;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.StackOutputNames;
import dev.ordertotals.ledger.Pipeline;
import dev.ordertotals.operator.aggregations.AggregationOption;
import dev.ordertotals.operator.aggregations.AggregationsOption;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.aws.AwsOptions;
import dev.ordertotals.operator.aws.PipelineCheck;
import dev.ordertotals.operator.aws.StackResources;
import dev.ordertotals.operator.cli.ExitCode;
import dev.ordertotals.operator.reconcile.Reconciler;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code replay}: apply the batches the event source gave up on. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        header = "Apply the batches the event source gave up on (the on-failure queue).",
        description = {
            "Reads the on-failure queue (Lambda's metadata of each batch it gave up on: shard and sequence-number range, "
                    + "not the records), re-reads each range from the orders stream and applies it through the handler's "
                    + "exactly-once commit path, so records applied before are recognized by their eventIDs and not counted "
                    + "twice. Then it reconciles the orders the range touched: records applied late, after newer records of the "
                    + "same order, would leave its ledger entry at an older image; reconcile moves it (and the totals) to the "
                    + "order's current image. Safe while the function runs. A message is deleted only after its whole range is "
                    + "applied and reconciled.",
            "",
            "A range past the stream's 24-hour retention cannot be replayed: its message stays in the queue; run `reconcile` "
                    + "(while the function runs) to bring every order's ledger entry and the totals to the orders. Queue and tables: --stack NAME (outputs OnFailureQueueUrl, TotalsTableName, StateTableName), "
                    + "or the explicit options; the orders table is the one whose stream each message names, which must be "
                    + "the pipeline's (a range of another stream is kept, as FOREIGN).",
            "",
            "A message that cannot be read is kept and reported, and the run goes on. What it keeps is visible again when "
                    + "it ends; messages another run holds (one still going, or stopped less than 5 minutes ago) are "
                    + "reported as in flight.",
            "",
            "Aggregations: the ones the function runs, from --aggregations (its AGGREGATIONS variable; needed when the "
                    + "stack declares aggregations, and --stack refuses to go on without it then), else the source "
                    + "document's alone. A range is applied to all of them at once, as the function applies a batch (its "
                    + "records are recorded as applied on each order's entry), so there is no --aggregation.",
            "",
            "Before anything is read, the tables must exist and be one pipeline's: the stack tags its tables and queue (order-totals:pipeline, order-totals:role, order-totals:orders-table), and a mix of two stacks' tables, or one table for another, is refused naming both; --ignore-pipeline-tags goes on anyway, for tables you know belong together.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 every message applied (or none), 1 some left in the queue or some orders not reconciled, 2 error."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "Read the queue and table names from this deployed stack's outputs.")
    String stack;

    @Option(names = "--queue-url", paramLabel = "URL", description = "On-failure queue URL (instead of --stack).")
    String queueUrl;

    @Option(names = "--totals-table", paramLabel = "TABLE", description = "Totals table name (instead of --stack).")
    String totalsTable;

    @Option(
            names = "--state-table",
            paramLabel = "TABLE",
            description = "Ledger table name (the stack's StateTableName; instead of --stack).")
    String ledgerTable;

    @Mixin
    AggregationsOption aggregations;

    @Option(
            names = PipelineCheck.OVERRIDE,
            description = "Go on even if the tags of the queue and tables do not show them to be one pipeline's, and "
                    + "apply ranges of any orders stream (mismatches are printed as warnings). Only for resources you "
                    + "know belong together: made by hand, or by a stack deployed before the tags existed.")
    boolean ignorePipelineTags;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        aggregations.declared();
        try (AwsClients clients = aws.clients();
                DynamoDbClient dynamo = clients.dynamo();
                DynamoDbStreamsClient streams = clients.streams();
                SqsClient sqs = clients.sqs()) {
            StackResources resources = new StackResources(clients, stack);
            String queue = resources
                    .name(queueUrl, StackOutputNames.ON_FAILURE_QUEUE_URL)
                    .orElse(null);
            String totals =
                    resources.name(totalsTable, StackOutputNames.TOTALS_TABLE).orElse(null);
            String ledger =
                    resources.name(ledgerTable, StackOutputNames.LEDGER_TABLE).orElse(null);
            if (queue == null || totals == null || ledger == null) {
                throw new IllegalArgumentException(
                        "Name the queue and tables: --stack NAME, or --queue-url, --totals-table and --state-table");
            }
            aggregations.checkAgainst(resources, warnings());
            Aggregations configured = aggregations.configured(totals);
            Function<OnFailureRecord, Optional<String>> foreign =
                    checkPipeline(clients, dynamo, sqs, queue, totals, ledger, configured);
            ExactlyOnceCommitter committer =
                    new ExactlyOnceCommitter(dynamo, configured, ledger, CommitSettings.defaults(), Clock.systemUTC());
            String totalsTableName = totals;
            // What reconcile did for a message, printed under the message's line.
            List<String> reconciledLines = new CopyOnWriteArrayList<>();
            Reconciler.Listener listener = new Reconciler.Listener() {
                @Override
                public void corrected(Reconciler.Correction correction) {
                    reconciledLines.add("  reconciled " + correction.describe());
                }

                @Override
                public void failed(String orderKey, String reason) {
                    reconciledLines.add("  NOT RECONCILED order " + orderKey + ": " + reason);
                }
            };
            Function<String, Reconciler> reconcilers = orders -> new Reconciler(
                    dynamo,
                    new Reconciler.Tables(new Pipeline(orders, ledger, configured)),
                    new Reconciler.Settings(1, false, 0),
                    listener);
            Replayer.Run run = new Replayer(streams, sqs, committer, reconcilers)
                    .refusing(foreign)
                    .replayQueue(queue, outcome -> {
                        out.println(describe(outcome));
                        reconciledLines.forEach(out::println);
                        reconciledLines.clear();
                    });
            List<Replayer.MessageOutcome> outcomes = run.outcomes();
            long applied = outcomes.stream()
                    .filter(Replayer.MessageOutcome.Applied.class::isInstance)
                    .count();
            // An applied message had every order of its range reconciled: one that was not is kept, as FAILED.
            long kept = outcomes.size() - applied;
            long left = kept + run.inFlight();
            String inFlight = run.inFlight() == 0
                    ? ""
                    : String.format(
                            ": %d of them in flight, received by another replay still running or by one that stopped less"
                                    + " than %d minutes ago; run replay again when it is done, or in %d minutes",
                            run.inFlight(),
                            Replayer.VISIBILITY_TIMEOUT_SECONDS / 60,
                            Replayer.VISIBILITY_TIMEOUT_SECONDS / 60);
            out.printf(
                    "Replay%s: %d message(s) applied and deleted, %d left in the queue%s.%n",
                    AggregationOption.named(configured, configured), applied, left, inFlight);
            return left == 0 ? ExitCode.OK : ExitCode.DRIFT;
        }
    }

    /**
     * Before a message is received: the queue and the tables exist and are one pipeline's, and the pipeline's orders
     * table (which its tables name) is found. Returns the per-message check: a range must be of that table's stream.
     */
    private Function<OnFailureRecord, Optional<String>> checkPipeline(
            AwsClients clients,
            DynamoDbClient dynamo,
            SqsClient sqs,
            String queue,
            String totals,
            String ledger,
            Aggregations configured) {
        Consumer<String> warnings = warnings();
        PipelineCheck check = new PipelineCheck(clients.scope(), ignorePipelineTags, warnings)
                .queue(sqs, label("--queue-url", queueUrl, StackOutputNames.ON_FAILURE_QUEUE_URL), queue)
                .table(
                        dynamo,
                        label("--totals-table", totalsTable, StackOutputNames.TOTALS_TABLE),
                        PipelineTags.ROLE_TOTALS,
                        totals)
                .table(
                        dynamo,
                        label("--state-table", ledgerTable, StackOutputNames.LEDGER_TABLE),
                        PipelineTags.ROLE_LEDGER,
                        ledger);
        PipelineCheck.Verified verified = PipelineCheck.aggregationTables(
                        check, dynamo, configured.all(), Optional.of(totals))
                .verify();
        if (ignorePipelineTags || verified.ordersTable().isEmpty()) {
            return message -> Optional.empty();
        }
        String orders = verified.ordersTable().get();
        String ordersArn = new PipelineCheck(clients.scope(), false, warnings)
                .withoutOverride()
                .table(
                        dynamo,
                        "the pipeline's orders table (tag " + PipelineTags.ORDERS_TABLE + ")",
                        PipelineTags.ROLE_ORDERS,
                        orders)
                .verify()
                .get(PipelineTags.ROLE_ORDERS)
                .arn();
        return message -> message.batch().streamArn().startsWith(ordersArn + "/stream/")
                ? Optional.empty()
                : Optional.of("its range is of stream " + message.batch().streamArn() + ", not of this pipeline's "
                        + "orders table " + orders + " (" + ordersArn + "); replay it with the queue and tables of "
                        + "the pipeline it belongs to");
    }

    private Consumer<String> warnings() {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    private String label(String option, String explicit, String output) {
        return explicit != null ? option : "stack " + stack + "'s " + output;
    }

    static String describe(Replayer.MessageOutcome outcome) {
        return switch (outcome) {
            case Replayer.MessageOutcome.Applied(
                    String id,
                    var message,
                    BatchReport report,
                    Reconciler.Result reconciled) ->
                String.format(
                        "applied  %s..%s (%d records): %d applied, %d already applied before, %d quarantined, %d skipped; then reconciled "
                                + "the %d order(s) it touched (a record applied late leaves its order's ledger entry at an older image): "
                                + "%d corrected, %d tombstoned%s",
                        message.batch().startSequenceNumber(),
                        message.batch().endSequenceNumber(),
                        report.received(),
                        report.applied(),
                        report.duplicates(),
                        report.quarantined(),
                        report.skipped(),
                        reconciled.scanned(),
                        reconciled.corrected(),
                        reconciled.orphans(),
                        reconciled.failed() == 0 ? "" : ", " + reconciled.failed() + " NOT reconciled");
            case Replayer.MessageOutcome.Expired(String id, var message, String reason) ->
                String.format(
                        "EXPIRED  %s..%s: %s; message %s kept. Run `reconcile` (the function may keep running) to repair what it held.",
                        message.batch().startSequenceNumber(), message.batch().endSequenceNumber(), reason, id);
            case Replayer.MessageOutcome.Failed(String id, var message, String reason) ->
                String.format(
                        "FAILED   %s..%s: %s; message %s kept, run replay again.",
                        message.batch().startSequenceNumber(), message.batch().endSequenceNumber(), reason, id);
            case Replayer.MessageOutcome.Foreign(String id, var message, String reason) ->
                String.format(
                        "FOREIGN  %s..%s: %s; message %s kept.",
                        message.batch().startSequenceNumber(), message.batch().endSequenceNumber(), reason, id);
            case Replayer.MessageOutcome.Unreadable(String id, String reason) ->
                "SKIPPED  message " + id + ": " + reason + "; kept.";
        };
    }
}
