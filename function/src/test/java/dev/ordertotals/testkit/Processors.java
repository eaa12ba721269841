package dev.ordertotals.testkit;

import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.handler.FunctionWiring;
import dev.ordertotals.testsupport.LocalPipeline;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The function's batch path over a test pipeline's tables, as the handler wires it, without metrics. */
public final class Processors {

    private Processors() {}

    /** Over the given client (wrap {@link LocalPipeline#dynamo()} to inject faults) and settings. */
    public static BatchProcessor over(LocalPipeline pipeline, DynamoDbClient client, CommitSettings settings) {
        return FunctionWiring.processorOver(client, pipeline.tables().functionEnvironment(), settings);
    }

    public static BatchProcessor over(LocalPipeline pipeline) {
        return over(pipeline, pipeline.dynamo(), CommitSettings.defaults());
    }
}
