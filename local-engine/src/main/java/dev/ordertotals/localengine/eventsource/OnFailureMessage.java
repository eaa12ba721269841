package dev.ordertotals.localengine.eventsource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.localengine.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * What Lambda sends to a stream event source's on-failure destination: metadata about the batch it gave up on,
 * never the records. The emulator writes it; {@code replay} reads it with its own reader, as it reads real Lambda's.
 *
 * @param condition {@code RetryAttemptsExhausted} or {@code RecordAgeExceeded}
 * @param functionError {@code Unhandled} when the last attempt was a function error, empty after a partial
 *     batch failure (the function returned normally)
 */
public record OnFailureMessage(
        String requestId,
        String functionArn,
        String condition,
        int approximateInvokeCount,
        Optional<String> functionError,
        Instant timestamp,
        BatchInfo batch) {

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

    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode request = root.putObject("requestContext");
        request.put("requestId", requestId);
        request.put("functionArn", functionArn);
        request.put("condition", condition);
        request.put("approximateInvokeCount", approximateInvokeCount);
        ObjectNode response = root.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        functionError.ifPresent(error -> response.put("functionError", error));
        root.put("version", "1.0");
        root.put("timestamp", timestamp.toString());
        ObjectNode info = root.putObject("DDBStreamBatchInfo");
        info.put("shardId", batch.shardId());
        info.put("startSequenceNumber", batch.startSequenceNumber());
        info.put("endSequenceNumber", batch.endSequenceNumber());
        if (batch.approximateArrivalOfFirstRecord() != null) {
            info.put(
                    "approximateArrivalOfFirstRecord",
                    batch.approximateArrivalOfFirstRecord().toString());
        }
        if (batch.approximateArrivalOfLastRecord() != null) {
            info.put(
                    "approximateArrivalOfLastRecord",
                    batch.approximateArrivalOfLastRecord().toString());
        }
        info.put("batchSize", batch.batchSize());
        info.put("streamArn", batch.streamArn());
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
