package dev.ordertotals.operator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.localengine.eventsource.OnFailureMessage;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** replay's reader of on-failure records: real Lambda's, and what the local event source writes. */
class OnFailureRecordTest {

    /** The example of Lambda's documentation for a DynamoDB stream's on-failure record. */
    private static final String LAMBDA_EXAMPLE = """
            {
              "requestContext": {
                "requestId": "316aa6d0-8154-xmpl-9af7-85d5f4a6bc81",
                "functionArn": "arn:aws:lambda:us-east-2:123456789012:function:myfunction",
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": 1
              },
              "responseContext": {
                "statusCode": 200,
                "executedVersion": "$LATEST",
                "functionError": "Unhandled"
              },
              "version": "1.0",
              "timestamp": "2019-11-14T00:38:06.021Z",
              "DDBStreamBatchInfo": {
                "shardId": "shardId-00000001573689847184-864758bb",
                "startSequenceNumber": "800000000003126276362",
                "endSequenceNumber": "800000000003126276362",
                "approximateArrivalOfFirstRecord": "2019-11-14T00:38:04Z",
                "approximateArrivalOfLastRecord": "2019-11-14T00:38:05Z",
                "batchSize": 1,
                "streamArn": "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:49.776"
              }
            }
            """;

    @Test
    void readsLambdasOwnMessage() {
        OnFailureRecord message = OnFailureRecord.parse(LAMBDA_EXAMPLE);

        assertThat(message.condition()).isEqualTo("RetryAttemptsExhausted");
        assertThat(message.functionError()).contains("Unhandled");
        assertThat(message.batch())
                .isEqualTo(new OnFailureRecord.BatchInfo(
                        "shardId-00000001573689847184-864758bb",
                        "800000000003126276362",
                        "800000000003126276362",
                        Instant.parse("2019-11-14T00:38:04Z"),
                        Instant.parse("2019-11-14T00:38:05Z"),
                        1,
                        "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:49.776"));
    }

    @Test
    void whatTheLocalEventSourceWritesReadsAsWritten() {
        OnFailureMessage message = new OnFailureMessage(
                "id",
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                "RecordAgeExceeded",
                4,
                Optional.empty(),
                Instant.parse("2026-11-25T10:00:00.123Z"),
                new OnFailureMessage.BatchInfo(
                        "shard-1",
                        "100",
                        "102",
                        Instant.parse("2026-11-25T09:00:00Z"),
                        Instant.parse("2026-11-25T09:00:01Z"),
                        3,
                        "arn:stream"));

        OnFailureRecord read = OnFailureRecord.parse(message.toJson());

        assertThat(read)
                .isEqualTo(new OnFailureRecord(
                        message.requestId(),
                        message.functionArn(),
                        message.condition(),
                        message.approximateInvokeCount(),
                        message.functionError(),
                        message.timestamp(),
                        new OnFailureRecord.BatchInfo(
                                "shard-1",
                                "100",
                                "102",
                                Instant.parse("2026-11-25T09:00:00Z"),
                                Instant.parse("2026-11-25T09:00:01Z"),
                                3,
                                "arn:stream")));
    }

    @Test
    void anotherKindOfMessageIsRejectedWithTheReason() {
        assertThatThrownBy(() -> OnFailureRecord.parse("{\"Records\": []}"))
                .hasMessageContaining("no DDBStreamBatchInfo");
        assertThatThrownBy(() -> OnFailureRecord.parse("not json")).hasMessageStartingWith("not JSON");
    }
}
