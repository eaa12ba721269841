package dev.ordertotals.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.localengine.LambdaStreamEventJson;
import dev.ordertotals.stream.LambdaStreamEvents;
import dev.ordertotals.stream.LambdaStreamJson;
import dev.ordertotals.stream.StreamChange;
import dev.ordertotals.testsupport.LambdaWire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The handler reads Lambda's event JSON itself and writes its response as JSON: both must be what the runtime's
 * serializer (aws-lambda-java-serialization) makes of the same bytes, so every test that drives the batch path with
 * the runtime's {@code DynamodbEvent} holds for the stream handler too.
 */
class StreamWireFormatTest {

    private static final String STREAM_ARN =
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-25T00:00:00.000";

    /** Every attribute type DynamoDB has, nested too. */
    private static final Map<String, AttributeValue> EVERY_TYPE = Map.of(
            "order_id", AttributeValue.fromS("o-1"),
            "quantity", AttributeValue.fromN("12345678901234567890123456789012345678"),
            "paid", AttributeValue.fromBool(false),
            "note", AttributeValue.fromNul(true),
            "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})),
            "tags", AttributeValue.fromSs(List.of("a", "b")),
            "sizes", AttributeValue.fromNs(List.of("1", "2.5", "-3E+2")),
            "blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("yz"))),
            "address",
                    AttributeValue.fromM(Map.of(
                            "city", AttributeValue.fromS("Bogotá \"centro\"\n"),
                            "lines",
                                    AttributeValue.fromL(List.of(
                                            AttributeValue.fromS("calle 1"),
                                            AttributeValue.fromN("7"),
                                            AttributeValue.fromM(Map.of("floor", AttributeValue.fromN("3"))))))),
            "history", AttributeValue.fromL(List.of()));

    @Test
    void recordsOfEveryKindReadAsTheRuntimesEventModelReadsThem() {
        String json = LambdaStreamEventJson.event(
                List.of(
                        record("1", OperationType.INSERT, null, EVERY_TYPE),
                        record("2", OperationType.MODIFY, EVERY_TYPE, Map.of("order_id", AttributeValue.fromS("o-1"))),
                        record("3", OperationType.REMOVE, EVERY_TYPE, null)),
                STREAM_ARN);

        List<StreamChange> read = LambdaStreamJson.changes(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(LambdaStreamEvents.changes(LambdaWire.fromJson(json)));
        assertThat(read).extracting(StreamChange::sequenceNumber).containsExactly("1", "2", "3");
        assertThat(read.getFirst().newImage()).isEqualTo(EVERY_TYPE);
    }

    @Test
    void theCreationTimeIsLambdasEpochSecondsToTheMillisecond() {
        String json = """
                {"Records":[{"eventID":"e","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1764065700.25,
                 "Keys":{"order_id":{"S":"1"}},"SequenceNumber":"9","StreamViewType":"NEW_AND_OLD_IMAGES"}}]}""";

        StreamChange change = LambdaStreamJson.changes(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                .getFirst();

        assertThat(change.approximateCreationTime()).isEqualTo(Instant.parse("2025-11-25T10:15:00.250Z"));
        assertThat(List.of(change)).isEqualTo(LambdaStreamEvents.changes(LambdaWire.fromJson(json)));
    }

    @Test
    void anEventWithoutRecordsHasNone() {
        assertThat(LambdaStreamJson.changes("{}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(LambdaStreamJson.changes("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void aCompleteBatchAnswersAsTheRuntimeWritesAnEmptyPartialBatchResponse() {
        assertThat(new String(BatchProcessor.responseJson(report(new BatchReport.Complete())), StandardCharsets.UTF_8))
                .isEqualTo(runtimeJson(new StreamsEventResponse(List.of())));
    }

    @Test
    void aStoppedBatchAnswersWithTheRecordToRetryAsTheRuntimeWritesIt() {
        BatchReport stopped = report(new BatchReport.StoppedAt("4950000000000000012345", "throttled"));

        assertThat(new String(BatchProcessor.responseJson(stopped), StandardCharsets.UTF_8))
                .isEqualTo(runtimeJson(new StreamsEventResponse(
                        List.of(new StreamsEventResponse.BatchItemFailure("4950000000000000012345")))));
    }

    private static BatchReport report(BatchReport.Outcome outcome) {
        return new BatchReport(2, 2, 0, 0, 0, 0, 1, 2, outcome, List.of());
    }

    private static String runtimeJson(StreamsEventResponse response) {
        PojoSerializer<StreamsEventResponse> serializer = LambdaEventSerializers.serializerFor(
                StreamsEventResponse.class, StreamWireFormatTest.class.getClassLoader());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(response, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Record record(
            String sequenceNumber,
            OperationType operation,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage) {
        return Record.builder()
                .eventID("event-" + sequenceNumber)
                .eventName(operation)
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(Instant.parse("2026-11-25T10:15:00.123Z"))
                        .keys(Map.of("order_id", AttributeValue.fromS("o-1")))
                        .oldImage(oldImage)
                        .newImage(newImage)
                        .sequenceNumber(sequenceNumber)
                        .sizeBytes(100L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build())
                .build();
    }
}
