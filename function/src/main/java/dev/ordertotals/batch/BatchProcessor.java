package dev.ordertotals.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.stream.LambdaStreamEvents;
import dev.ordertotals.stream.StreamChange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One batch of orders-table stream records: committed exactly once, logged, measured, and answered with a partial
 * batch response naming the first record to retry, if any could not be committed.
 *
 * <p>Everything the Lambda handler does except reading its environment, so tests, tools and SnapStart priming run
 * the very same path over any client.
 */
public final class BatchProcessor implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ExactlyOnceCommitter committer;
    private final BatchMetrics metrics;
    private final Clock clock;
    private final BatchLog log = new BatchLog();

    public BatchProcessor(ExactlyOnceCommitter committer, BatchMetrics metrics, Clock clock) {
        this.committer = committer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The Lambda path: the invocation's remaining time bounds the commit, its logger gets the batch's lines. */
    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return response(process(event, context::getRemainingTimeInMillis, context.getLogger()));
    }

    public BatchReport process(DynamodbEvent event, LongSupplier remainingMillis, LambdaLogger logger) {
        return process(LambdaStreamEvents.changes(event), remainingMillis, logger);
    }

    /** The stream handler's path: the records as read from the event's JSON ({@code LambdaStreamJson}). */
    public BatchReport process(List<StreamChange> changes, LongSupplier remainingMillis, LambdaLogger logger) {
        long started = System.nanoTime();
        BatchReport report = committer.commit(changes, remainingMillis);
        long durationMillis = (System.nanoTime() - started) / 1_000_000;
        log.batch(logger, report, durationMillis);
        metrics.publish(report, durationMillis, clock.millis());
        return report;
    }

    /**
     * The partial batch response as JSON, exactly as Lambda's serializer writes the {@link StreamsEventResponse}
     * {@link #handleRequest} returns (a test holds the two equal): what the stream handler answers.
     */
    public static byte[] responseJson(BatchReport report) {
        return switch (report.outcome()) {
            case BatchReport.Complete complete -> NO_FAILURES.clone();
            case BatchReport.StoppedAt(String sequenceNumber, String reason) ->
                ("{\"batchItemFailures\":[{\"itemIdentifier\":" + JsonText.quote(sequenceNumber) + "}]}")
                        .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static final byte[] NO_FAILURES = "{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8);

    private static StreamsEventResponse response(BatchReport report) {
        List<StreamsEventResponse.BatchItemFailure> failures = switch (report.outcome()) {
            case BatchReport.Complete complete -> List.of();
            case BatchReport.StoppedAt(String sequenceNumber, String reason) ->
                List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber));
        };
        return new StreamsEventResponse(failures);
    }
}
