package dev.ordertotals.localengine.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code AWS::Lambda::EventSourceMapping} on the source table's stream, with CloudFormation's defaults for
 * what the template leaves out.
 *
 * @param maximumRetryAttempts -1: until the records expire
 * @param maximumRecordAgeSeconds -1: no limit but the stream's retention
 * @param onFailureQueueId the queue of {@code DestinationConfig.OnFailure}, if it is one of the template's queues
 */
public record EventSourceSpec(
        String logicalId,
        String sourceTableId,
        int batchSize,
        String startingPosition,
        int maximumRetryAttempts,
        int maximumRecordAgeSeconds,
        boolean reportBatchItemFailures,
        boolean bisectBatchOnFunctionError,
        boolean enabled,
        Optional<String> onFailureQueueId) {

    private static final int DEFAULT_BATCH_SIZE = 100;

    static EventSourceSpec from(String id, JsonNode properties, Set<String> tableIds, Set<String> queueIds) {
        String table = StackTemplate.referencedIds(properties.path("EventSourceArn")).stream()
                .filter(tableIds::contains)
                .findFirst()
                .orElseThrow();
        Optional<String> queue =
                StackTemplate.referencedIds(properties
                                .path("DestinationConfig")
                                .path("OnFailure")
                                .path("Destination"))
                        .stream()
                        .filter(queueIds::contains)
                        .findFirst();
        if (!properties.path("FilterCriteria").isMissingNode()) {
            // Filtering changes which records reach the function; running without it would not be the deployed stack.
            throw new IllegalArgumentException("event source mapping " + id
                    + " has FilterCriteria, which the local event source does not apply yet");
        }
        boolean reportFailures = false;
        for (JsonNode type : properties.path("FunctionResponseTypes")) {
            reportFailures |= type.asText().equals("ReportBatchItemFailures");
        }
        return new EventSourceSpec(
                id,
                table,
                properties.path("BatchSize").asInt(DEFAULT_BATCH_SIZE),
                properties.path("StartingPosition").asText("TRIM_HORIZON"),
                properties.path("MaximumRetryAttempts").asInt(-1),
                properties.path("MaximumRecordAgeInSeconds").asInt(-1),
                reportFailures,
                properties.path("BisectBatchOnFunctionError").asBoolean(false),
                properties.path("Enabled").asBoolean(true),
                queue);
    }
}
