package dev.ordertotals.handler;

import dev.ordertotals.contract.MetricNames;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.stream.LambdaStreamEvents;
import java.io.OutputStream;
import java.io.PrintStream;
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
    private final BatchMetrics metrics;
    private final Clock clock;
    /** Held so the CRaC context, which may keep resources weakly, does not lose it before the checkpoint. */
    private final SnapStartPriming priming;

    /** Used by the Lambda runtime: configuration from the environment, SnapStart priming registered. */
    public OrderTotalsHandler() {
        this(AggregatorConfig.fromEnvironment(System.getenv()));
    }

    private OrderTotalsHandler(AggregatorConfig config) {
        this(config, DynamoDbClients.create(config.region()));
    }

    private OrderTotalsHandler(AggregatorConfig config, PrimableDynamoDb dynamo) {
        this.committer = committer(config, dynamo.client(), defaultSettings(), Clock.systemUTC());
        this.log = new BatchLog();
        this.metrics = BatchMetrics.fromEnvironment(System.getenv(), System.out);
        this.clock = Clock.systemUTC();
        this.priming = new SnapStartPriming(this, dynamo);
        priming.register();
    }

    /** For tests and tools: a given client, no priming, no metrics. */
    public OrderTotalsHandler(AggregatorConfig config, DynamoDbClient dynamo, CommitSettings settings, Clock clock) {
        this(config, dynamo, settings, clock, new BatchMetrics(MetricNames.DEFAULT_NAMESPACE, "local", new PrintStream(OutputStream.nullOutputStream())));
    }

    /** For tests: a given client and metrics writer, no priming. */
    public OrderTotalsHandler(AggregatorConfig config, DynamoDbClient dynamo, CommitSettings settings, Clock clock, BatchMetrics metrics) {
        this.committer = committer(config, dynamo, settings, clock);
        this.log = new BatchLog();
        this.metrics = metrics;
        this.clock = clock;
        this.priming = null;
    }

    private static ExactlyOnceCommitter committer(AggregatorConfig config, DynamoDbClient dynamo, CommitSettings settings, Clock clock) {
        return new ExactlyOnceCommitter(dynamo, config.totalsTable(), config.stateTable(), settings, clock);
    }

    public static CommitSettings defaultSettings() {
        return CommitSettings.defaults().withMinRemainingTime(DynamoDbClients.API_CALL_TIMEOUT.plusSeconds(1));
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return response(handle(event, context, true));
    }

    /** The batch path; {@code publishMetrics} is false only while priming, whose batches are not real. */
    BatchReport handle(DynamodbEvent event, Context context, boolean publishMetrics) {
        long started = System.nanoTime();
        BatchReport report = committer.commit(LambdaStreamEvents.changes(event), context::getRemainingTimeInMillis);
        long durationMillis = (System.nanoTime() - started) / 1_000_000;
        log.batch(context.getLogger(), report, durationMillis);
        if (publishMetrics) {
            metrics.publish(report, durationMillis, clock.millis());
        }
        return report;
    }

    private static StreamsEventResponse response(BatchReport report) {
        List<StreamsEventResponse.BatchItemFailure> failures = report.failedSequenceNumber()
                .map(sequenceNumber -> List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
                .orElse(List.of());
        return new StreamsEventResponse(failures);
    }
}
