package dev.ordertotals.testkit;

import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.handler.FunctionWiring;
import dev.ordertotals.testsupport.LocalPipeline;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The function's batch path over a test pipeline's tables, as the handler wires it, without metrics. */
public final class Processors {

    private Processors() {}

    /** Over the given client (wrap {@link LocalPipeline#dynamo()} to inject faults) and settings. */
    public static BatchProcessor over(LocalPipeline pipeline, DynamoDbClient client, CommitSettings settings) {
        return FunctionWiring.processorOver(client, pipeline.tables().functionEnvironment(), settings);
    }

    /** Over the given client and settings, for a function whose environment is {@code environment}. */
    public static BatchProcessor over(Map<String, String> environment, DynamoDbClient client, CommitSettings settings) {
        return FunctionWiring.processorOver(client, environment, settings);
    }

    public static BatchProcessor over(LocalPipeline pipeline) {
        return over(pipeline, pipeline.dynamo(), CommitSettings.defaults());
    }
}
