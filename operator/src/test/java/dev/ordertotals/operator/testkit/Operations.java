package dev.ordertotals.operator.testkit;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.handler.FunctionWiring;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.eventsource.OnFailureMessage;
import dev.ordertotals.operator.aws.AwsClients;
import dev.ordertotals.operator.aws.PipelineCheck;
import dev.ordertotals.operator.reconcile.ReconcileCheckpoint;
import dev.ordertotals.operator.reconcile.Reconciler;
import dev.ordertotals.operator.replay.StreamRange;
import dev.ordertotals.operator.verify.TotalsVerifier;
import dev.ordertotals.operator.verify.VerifyOutput;
import dev.ordertotals.operator.verify.VerifyReport;
import dev.ordertotals.testsupport.LocalTables;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** The operator's building blocks (and the function's commit path) over a test's {@link LocalTables}. */
public final class Operations {

    private Operations() {}

    /** A reconciler over these tables, 2 segments, no limit. */
    public static Reconciler reconciler(LocalTables tables, Reconciler.Listener listener) {
        return new Reconciler(
                tables.dynamo(),
                new Reconciler.Tables(tables.pipeline()),
                new Reconciler.Settings(2, false, 0),
                listener);
    }

    /** A reconciler of {@code aggregations} over these tables, {@code segments} segments, no limit. */
    public static Reconciler reconciler(LocalTables tables, Aggregations aggregations, int segments) {
        return new Reconciler(
                tables.dynamo(),
                new Reconciler.Tables(tables.pipeline().with(aggregations)),
                new Reconciler.Settings(segments, false, 0),
                Reconciler.Listener.NONE);
    }

    /** Reconciles every order (backfill or repair), as {@code reconcile} does. */
    public static Reconciler.Result reconcile(LocalTables tables) {
        return reconciler(tables, Reconciler.Listener.NONE).run(ReconcileCheckpoint.none(2));
    }

    /** The function's exactly-once commit path over these tables. */
    public static ExactlyOnceCommitter committer(LocalTables tables) {
        return new ExactlyOnceCommitter(
                tables.dynamo(), tables.totals(), tables.ledger(), CommitSettings.defaults(), Clock.systemUTC());
    }

    /** The function's batch path over these tables, as the handler wires it (no metrics), with the given client. */
    public static BatchProcessor processor(LocalTables tables, DynamoDbClient client, CommitSettings settings) {
        return FunctionWiring.processorOver(client, tables.functionEnvironment(), settings);
    }

    /** The same, for a function whose environment is {@code environment} (declared aggregations, say). */
    public static BatchProcessor processor(
            Map<String, String> environment, DynamoDbClient client, CommitSettings settings) {
        return FunctionWiring.processorOver(client, environment, settings);
    }

    public static BatchProcessor processor(LocalTables tables) {
        return processor(tables, tables.dynamo(), CommitSettings.defaults());
    }

    /** Commits these stream records (one batch) through the function's commit path; fails the test if it fails. */
    public static BatchReport commit(LocalTables tables, List<Record> records) {
        BatchReport report = committer(tables)
                .commit(records.stream().map(StreamRange::change).toList(), () -> Long.MAX_VALUE);
        if (!report.succeeded()) {
            throw new AssertionError("commit failed: " + report);
        }
        return report;
    }

    /**
     * What {@code reconcile} records in its checkpoint for these tables, through the shared engine's endpoint (as
     * the command line tests reach it).
     */
    public static ReconcileCheckpoint.Target checkpointTarget(LocalTables tables) {
        try (AwsClients clients = AwsClients.local(MotoServer.shared().endpoint())) {
            PipelineCheck.Verified verified = new PipelineCheck(clients.scope(), false, line -> {})
                    .table(tables.dynamo(), "--orders-table", PipelineTags.ROLE_ORDERS, tables.orders())
                    .table(tables.dynamo(), "--totals-table", PipelineTags.ROLE_TOTALS, tables.totals())
                    .table(tables.dynamo(), "--state-table", PipelineTags.ROLE_LEDGER, tables.ledger())
                    .verify();
            return ReconcileCheckpoint.Target.of(clients.endpoint(), verified);
        }
    }

    /** The three levels of verify; fails the test with the report when any drifts. */
    public static void assertExact(LocalTables tables) {
        assertExact(tables, Aggregations.orderTotals(tables.totals()));
    }

    /** The three levels of verify for every one of {@code aggregations}; fails the test with the report when any drifts. */
    public static void assertExact(LocalTables tables, Aggregations aggregations) {
        VerifyReport report =
                new TotalsVerifier(tables.dynamo(), 2).verify(tables.pipeline().with(aggregations));
        if (!report.exact()) {
            StringWriter text = new StringWriter();
            VerifyOutput.print(new PrintWriter(text, true), report, 50);
            throw new AssertionError("not exact:\n" + text);
        }
    }

    /**
     * Sends to {@code queueOf}'s on-failure queue the message Lambda sends for a batch given up on: the range
     * {@code first..last} of {@code streamOf}'s orders stream (of {@code records} records). Returns its body.
     */
    public static String sendOnFailure(
            LocalTables queueOf, LocalTables streamOf, Record first, Record last, int records) {
        OnFailureMessage message = new OnFailureMessage(
                "r1",
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                "RetryAttemptsExhausted",
                3,
                Optional.of("Unhandled"),
                Instant.now(),
                new OnFailureMessage.BatchInfo(
                        streamOf.stream().shards().getFirst().shardId(),
                        first.dynamodb().sequenceNumber(),
                        last.dynamodb().sequenceNumber(),
                        null,
                        null,
                        records,
                        streamOf.streamArn()));
        queueOf.sqs()
                .sendMessage(request -> request.queueUrl(queueOf.queueUrl()).messageBody(message.toJson()));
        return message.toJson();
    }
}
