package dev.ordertotals.handler;

import dev.ordertotals.batch.BatchMetrics;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.snapstart.PrimableDynamoDb;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function as its environment describes it: the tables from {@code tabla_*}, the region, the metrics'
 * namespace, one DynamoDB client for the container. A missing variable fails here, at init, naming it.
 *
 * @param processor the batch path Lambda invokes
 * @param primingProcessor the same path without metrics, for SnapStart priming's synthetic batches
 * @param dynamo the client both use, switchable offline for priming
 */
public record FunctionWiring(BatchProcessor processor, BatchProcessor primingProcessor, PrimableDynamoDb dynamo) {

    /** Lambda's wiring: everything from the environment. */
    public static FunctionWiring fromEnvironment(Map<String, String> environment) {
        AggregatorConfig config = AggregatorConfig.fromEnvironment(environment);
        PrimableDynamoDb dynamo = DynamoDbClients.create(config.region());
        return new FunctionWiring(
                processor(
                        config,
                        dynamo.client(),
                        CommitSettings.defaults(),
                        BatchMetrics.fromEnvironment(environment, System.out)),
                processor(config, dynamo.client(), CommitSettings.defaults(), BatchMetrics.none()),
                dynamo);
    }

    /**
     * The batch path the environment describes, over a client of the caller's (a local engine, one that fails on
     * demand) and publishing no metrics: how tests, tools and benchmarks run exactly what Lambda runs.
     */
    public static BatchProcessor processorOver(
            DynamoDbClient client, Map<String, String> environment, CommitSettings settings) {
        return processor(AggregatorConfig.fromEnvironment(environment), client, settings, BatchMetrics.none());
    }

    private static BatchProcessor processor(
            AggregatorConfig config, DynamoDbClient client, CommitSettings settings, BatchMetrics metrics) {
        Clock clock = Clock.systemUTC();
        return new BatchProcessor(
                new ExactlyOnceCommitter(client, config.aggregations(), config.ledgerTable(), settings, clock),
                metrics,
                clock);
    }
}
