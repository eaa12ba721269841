package dev.ordertotals.snapstart;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.stream.LambdaStreamJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots the initialized function, run the handler's whole per-batch path
 * so its classes are loaded and its code compiled in the snapshot, and a restored instance's first batch costs
 * what a warm one does.
 *
 * <p>Without side effects: the batches are synthetic; they go through the function's own client switched to
 * canned answers on the loopback interface and dummy credentials ({@link PrimableDynamoDb#offline}), a cancelled
 * transaction naming one duplicate and then a success, so the duplicate path is exercised too; nothing is logged and
 * no metric is published. The real credential provider is untouched and the loopback connections are closed: after a
 * restore the client fetches credentials from Lambda's container endpoint and opens fresh connections on first use.
 * Each round is the handler's whole path: the event's JSON read, the batch committed, the response's JSON written.
 */
public final class SnapStartPriming implements Resource {

    /** Enough rounds for the JIT to compile the hot path, a fraction of a second before the snapshot. */
    static final int ROUNDS = 200;

    /**
     * At init, on every start: one round loads the per-batch path's classes and resolves its call sites, so the
     * first real batch does not pay for them (measured: about 100 ms of class loading moved out of the first invoke).
     */
    static final int INIT_ROUNDS = 1;

    private static final String CANCELLED =
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                    + "\"Message\":\"Transaction cancelled (priming)\","
                    // The first order's ledger entry has seen its record (in every eventID set, whatever today is): a
                    // duplicate.
                    + "\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\",\"Item\":{\"events_0\":{\"SS\":[\"priming-1\"]},"
                    + "\"events_1\":{\"SS\":[\"priming-1\"]},\"events_2\":{\"SS\":[\"priming-1\"]}}},"
                    + "{\"Code\":\"None\"},{\"Code\":\"None\"},{\"Code\":\"None\"}]}";
    private static final List<CannedHttpClient.Canned> ANSWERS = List.of(
            new CannedHttpClient.Canned(400, "TransactionCanceledException", CANCELLED),
            new CannedHttpClient.Canned(200, null, "{}"));

    /** Two records in Lambda's wire format: a valid INSERT, and a MODIFY into a malformed order. */
    private static final byte[] SAMPLE_EVENT = """
            {"Records":[
             {"eventID":"priming-1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",
              "dynamodb":{"ApproximateCreationDateTime":1.7e9,"Keys":{"order_id":{"S":"p1"}},
               "NewImage":{"order_id":{"S":"p1"},"order_date":{"S":"2026-01-01T00:00:00Z"},"item_id":{"S":"item"},"quantity":{"N":"1"}},
               "SequenceNumber":"1","SizeBytes":80,"StreamViewType":"NEW_AND_OLD_IMAGES"},
              "eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/priming/stream/2026-01-01T00:00:00.000"},
             {"eventID":"priming-2","eventName":"MODIFY","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",
              "dynamodb":{"ApproximateCreationDateTime":1.7e9,"Keys":{"order_id":{"S":"p2"}},
               "OldImage":{"order_id":{"S":"p2"},"order_date":{"S":"2026-01-01T00:00:00Z"},"item_id":{"S":"item"},"quantity":{"N":"1"}},
               "NewImage":{"order_id":{"S":"p2"},"order_date":{"S":"2026-01-02T00:00:00Z"},"item_id":{"S":"item"},"quantity":{"S":"abc"}},
               "SequenceNumber":"2","SizeBytes":150,"StreamViewType":"NEW_AND_OLD_IMAGES"},
              "eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/priming/stream/2026-01-01T00:00:00.000"}]}
            """.getBytes(StandardCharsets.UTF_8);

    private final BatchProcessor processor;
    private final PrimableDynamoDb dynamo;

    /** @param processor the function's batch path, publishing no metrics (priming batches are not real) */
    public SnapStartPriming(BatchProcessor processor, PrimableDynamoDb dynamo) {
        this.processor = processor;
        this.dynamo = dynamo;
    }

    /** Priming registered for the runtime's checkpoint; nothing happens outside a CRaC/SnapStart JVM. */
    public static SnapStartPriming register(BatchProcessor processor, PrimableDynamoDb dynamo) {
        SnapStartPriming priming = new SnapStartPriming(processor, dynamo);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // The client made no real call and resolved no credentials before the snapshot; resolving them now, in the
        // restore phase, takes that step (Lambda's container endpoint, the provider chain's first pass) out of the
        // first invocation. Best effort: a failure leaves it to the first call, which reports it if it persists.
        try {
            dynamo.resolveCredentials();
        } catch (RuntimeException leftToTheFirstCall) {
            System.err.println(
                    "Credentials not resolved after restore (the first call resolves them): " + leftToTheFirstCall);
        }
    }

    /** Runs {@link #ROUNDS} synthetic batches through the handler, offline; returns the last report (for tests). */
    public BatchReport prime() {
        return prime(ROUNDS);
    }

    /**
     * The init's share of priming, run by the handler's constructor with or without SnapStart: a start without a
     * snapshot (SnapStart off, or {@code $LATEST} invoked directly) then loads the batch path during init rather
     * than during its first invocation, which the stream's shard waits on.
     */
    public BatchReport warmUp() {
        return prime(INIT_ROUNDS);
    }

    private BatchReport prime(int rounds) {
        return dynamo.offline(ANSWERS, () -> {
            BatchReport report = null;
            for (int round = 0; round < rounds; round++) {
                // The handler's own path: the event's JSON read into records, the response written as JSON.
                report = processor.process(
                        LambdaStreamJson.changes(SAMPLE_EVENT), () -> Long.MAX_VALUE, QuietLogger.INSTANCE);
                BatchProcessor.responseJson(report);
            }
            return report;
        });
    }

    /** Priming's batches log nothing. */
    private enum QuietLogger implements LambdaLogger {
        INSTANCE;

        @Override
        public void log(String message) {}

        @Override
        public void log(byte[] message) {}

        @Override
        public void log(String message, LogLevel level) {}
    }
}
