package dev.ordertotals.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.stream.LambdaStreamEvents;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda entry point: a batch of orders-table stream records in, the totals updated exactly once, and a
 * partial batch response naming the first record to retry if any could not be committed.
 *
 * <p>This class only adapts Lambda's types: the rules live in {@code aggregation}, the writes in
 * {@code commit}. Configuration and the DynamoDB client are built once per container, in the constructor.
 */
public final class OrderTotalsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ExactlyOnceCommitter committer;
    private final BatchLog log;

    /** Used by the Lambda runtime: configuration from the environment. */
    public OrderTotalsHandler() {
        this(AggregatorConfig.fromEnvironment(System.getenv()));
    }

    private OrderTotalsHandler(AggregatorConfig config) {
        this(config, DynamoDbClients.create(config.region()), defaultSettings(), Clock.systemUTC());
    }

    public OrderTotalsHandler(AggregatorConfig config, DynamoDbClient dynamo, CommitSettings settings, Clock clock) {
        this.committer = new ExactlyOnceCommitter(dynamo, config.totalsTable(), config.stateTable(), settings, clock);
        this.log = new BatchLog();
    }

    public static CommitSettings defaultSettings() {
        return CommitSettings.defaults().withMinRemainingTime(DynamoDbClients.API_CALL_TIMEOUT.plusSeconds(1));
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        long started = System.nanoTime();
        BatchReport report = committer.commit(LambdaStreamEvents.changes(event), context::getRemainingTimeInMillis);
        log.batch(context.getLogger(), report, (System.nanoTime() - started) / 1_000_000);
        return response(report);
    }

    private static StreamsEventResponse response(BatchReport report) {
        List<StreamsEventResponse.BatchItemFailure> failures = report.failedSequenceNumber()
                .map(sequenceNumber -> List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
                .orElse(List.of());
        return new StreamsEventResponse(failures);
    }
}
