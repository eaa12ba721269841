package dev.ordertotals.operator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.testsupport.LocalTables;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * When {@link StreamRange} stops reading: at the range's end, at a closed shard's end, when the records are trimmed,
 * and never because an open shard answered empty pages, which DynamoDB Streams may do many times before its records.
 * The records are the local engine's; the answers DynamoDB Streams gives and the engine does not are put in front of
 * it.
 */
class StreamRangeTest {

    private LocalTables tables;
    private List<Record> records;

    @BeforeEach
    void threeRecordsInTheStream() {
        tables = LocalTables.create();
        tables.putOrder("1", "2026-11-25T10:00:00Z", "item123", 10);
        tables.putOrder("2", "2026-11-25T10:00:00Z", "item123", 20);
        tables.putOrder("3", "2026-11-25T10:00:00Z", "item123", 30);
        records = tables.streamRecords();
    }

    @Test
    void aLiveRangeBehindManyEmptyPagesIsReadToItsEnd() {
        // More empty pages than StreamRange used to allow (25) before it called the range expired.
        AtomicInteger calls = new AtomicInteger();
        DynamoDbStreamsClient streams = new Streams(
                tables.streams(),
                request -> calls.incrementAndGet() <= 30
                        ? GetRecordsResponse.builder()
                                .records(List.of())
                                .nextShardIterator(request.shardIterator())
                                .build()
                        : null);

        StreamRange.Read read = new StreamRange(streams).read(range(records.get(0), records.get(2)));

        assertThat(read)
                .isInstanceOfSatisfying(
                        StreamRange.Read.Complete.class,
                        complete -> assertThat(complete.changes())
                                .extracting(change -> change.eventId())
                                .containsExactly(
                                        records.get(0).eventID(),
                                        records.get(1).eventID(),
                                        records.get(2).eventID()));
    }

    @Test
    void recordsTrimmedWhileTheRangeIsReadMakeItExpiredNotAnError() {
        DynamoDbStreamsClient streams = new Streams(tables.streams(), request -> {
            throw TrimmedDataAccessException.builder()
                    .message("The operation attempted to read past the oldest stream record in a shard.")
                    .build();
        });

        StreamRange.Read read = new StreamRange(streams).read(range(records.get(0), records.get(2)));

        assertThat(read)
                .isInstanceOfSatisfying(
                        StreamRange.Read.Expired.class,
                        expired -> assertThat(expired.reason()).contains("trimmed"));
    }

    @Test
    void aClosedShardThatEndsBeforeTheRangeDoesIsReadToItsEndAndSaysWhere() {
        AtomicInteger calls = new AtomicInteger();
        DynamoDbStreamsClient streams = new Streams(
                tables.streams(),
                request -> calls.incrementAndGet() == 1
                        ? GetRecordsResponse.builder()
                                .records(records.subList(0, 2))
                                .nextShardIterator(null)
                                .build()
                        : null);

        StreamRange.Read read = new StreamRange(streams).read(range(records.get(0), records.get(2)));

        assertThat(read)
                .isInstanceOfSatisfying(
                        StreamRange.Read.Expired.class,
                        expired -> assertThat(expired.reason())
                                .contains("its records stop at "
                                        + records.get(1).dynamodb().sequenceNumber()));
    }

    @Test
    void anOpenShardThatNeverReachesTheEndIsNotCalledExpiredButIncomplete() {
        DynamoDbStreamsClient streams = new Streams(
                tables.streams(),
                request -> GetRecordsResponse.builder()
                        .records(List.of())
                        .nextShardIterator(request.shardIterator())
                        .build());

        StreamRange.Read read = new StreamRange(streams, Duration.ofMillis(200), Duration.ofMillis(10))
                .read(range(records.get(0), records.get(2)));

        assertThat(read)
                .isInstanceOfSatisfying(
                        StreamRange.Read.Incomplete.class,
                        incomplete -> assertThat(incomplete.reason())
                                .contains(
                                        "gave no record for",
                                        "before reaching "
                                                + records.get(2).dynamodb().sequenceNumber()));
    }

    private OnFailureRecord.BatchInfo range(Record first, Record last) {
        return new OnFailureRecord.BatchInfo(
                tables.stream().shards().getFirst().shardId(),
                first.dynamodb().sequenceNumber(),
                last.dynamodb().sequenceNumber(),
                null,
                null,
                3,
                tables.streamArn());
    }

    /**
     * The engine's streams, with {@code GetRecords} answered by {@code answer} first (null: by the engine).
     */
    private record Streams(DynamoDbStreamsClient engine, Function<GetRecordsRequest, GetRecordsResponse> answer)
            implements DynamoDbStreamsClient {

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            return engine.getShardIterator(request);
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            GetRecordsResponse answered = answer.apply(request);
            return answered != null ? answered : engine.getRecords(request);
        }

        @Override
        public String serviceName() {
            return engine.serviceName();
        }

        @Override
        public void close() {}
    }
}
