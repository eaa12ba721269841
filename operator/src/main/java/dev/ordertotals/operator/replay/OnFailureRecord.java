package dev.ordertotals.operator.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What Lambda sends to a stream event source's on-failure destination: metadata about the batch it gave up on,
 * never the records: what {@code replay} reads, from real Lambda or from the local event source (whose writer,
 * {@code OnFailureRecord}, the tests read back through this).
 *
 * @param condition {@code RetryAttemptsExhausted} or {@code RecordAgeExceeded}
 * @param functionError {@code Unhandled} when the last attempt was a function error, empty after a partial
 *     batch failure (the function returned normally)
 */
public record OnFailureRecord(
        String requestId,
        String functionArn,
        String condition,
        int approximateInvokeCount,
        Optional<String> functionError,
        Instant timestamp,
        BatchInfo batch) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted";
    public static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

    /** {@code DDBStreamBatchInfo}: where the batch's records are in the stream. */
    public record BatchInfo(
            String shardId,
            String startSequenceNumber,
            String endSequenceNumber,
            Instant approximateArrivalOfFirstRecord,
            Instant approximateArrivalOfLastRecord,
            int batchSize,
            String streamArn) {}

    /** Reads a message body; fails with a one-line reason when it is not a DynamoDB stream failure record. */
    public static OnFailureRecord parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        JsonNode info = root.path("DDBStreamBatchInfo");
        if (!info.isObject()) {
            throw new IllegalArgumentException("no DDBStreamBatchInfo (not a DynamoDB stream on-failure record)");
        }
        JsonNode request = root.path("requestContext");
        JsonNode response = root.path("responseContext");
        return new OnFailureRecord(
                request.path("requestId").asText(""),
                request.path("functionArn").asText(""),
                request.path("condition").asText(""),
                request.path("approximateInvokeCount").asInt(0),
                Optional.ofNullable(response.path("functionError").textValue()),
                instant(root.path("timestamp")),
                new BatchInfo(
                        required(info, "shardId"),
                        required(info, "startSequenceNumber"),
                        required(info, "endSequenceNumber"),
                        instant(info.path("approximateArrivalOfFirstRecord")),
                        instant(info.path("approximateArrivalOfLastRecord")),
                        info.path("batchSize").asInt(0),
                        required(info, "streamArn")));
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).textValue();
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("DDBStreamBatchInfo has no " + field);
        }
        return value;
    }

    private static Instant instant(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.textValue()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
