package dev.ordertotals.batch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.stream.LambdaStreamEvents;
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
        long started = System.nanoTime();
        BatchReport report = committer.commit(LambdaStreamEvents.changes(event), remainingMillis);
        long durationMillis = (System.nanoTime() - started) / 1_000_000;
        log.batch(logger, report, durationMillis);
        metrics.publish(report, durationMillis, clock.millis());
        return report;
    }

    private static StreamsEventResponse response(BatchReport report) {
        List<StreamsEventResponse.BatchItemFailure> failures = switch (report.outcome()) {
            case BatchReport.Complete complete -> List.of();
            case BatchReport.StoppedAt(String sequenceNumber, String reason) ->
                List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber));
        };
        return new StreamsEventResponse(failures);
    }
}
