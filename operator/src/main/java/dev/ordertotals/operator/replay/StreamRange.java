package dev.ordertotals.operator.replay;

import dev.ordertotals.operator.replay.OnFailureRecord.BatchInfo;
import dev.ordertotals.stream.StreamChange;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Re-reads the records of one on-failure batch from the stream, start to end inclusive, or says why it cannot.
 *
 * <p>When reading stops: at the range's end sequence number (or the first record past it); at a closed shard's end
 * (no next iterator); or when the records are gone ({@code TrimmedDataAccessException}: past the stream's 24-hour
 * retention). Not after some number of empty pages: DynamoDB Streams may answer many empty pages from an open shard
 * before reaching its records ("it might take multiple calls to get to a portion of the shard that contains stream
 * records"), so empty pages say nothing about the range. The range of an on-failure message was delivered before the
 * message was sent, so it is in the shard until trimmed; only a range that never was (a message written by hand)
 * leaves an open shard empty for good. For that, reading stops after {@code patience} without a record, and says the
 * range was not read <em>yet</em> (the message stays, to be tried again), never that it expired.
 */
public final class StreamRange {

    /** How long reading goes on through empty pages of an open shard without a record before it stops for now. */
    static final Duration PATIENCE = Duration.ofMinutes(2);
    /**
     * The pause after an empty page: DynamoDB Streams serves 5 GetRecords per second per shard, shared with the event
     * source mapping reading the same shard.
     */
    static final Duration EMPTY_PAGE_PAUSE = Duration.ofMillis(250);

    private final DynamoDbStreamsClient streams;
    private final Duration patience;
    private final Duration emptyPagePause;

    StreamRange(DynamoDbStreamsClient streams) {
        this(streams, PATIENCE, EMPTY_PAGE_PAUSE);
    }

    StreamRange(DynamoDbStreamsClient streams, Duration patience, Duration emptyPagePause) {
        this.streams = streams;
        this.patience = patience;
        this.emptyPagePause = emptyPagePause;
    }

    /** The range's records, as the committer takes them. */
    sealed interface Read {

        record Complete(List<StreamChange> changes) implements Read {}

        /** Past the stream's retention (24 hours), or the stream or shard is gone, or its records are not in it. */
        record Expired(String reason) implements Read {}

        /** Not read to its end yet (an open shard gave no record for a while): try again later; nothing is lost. */
        record Incomplete(String reason) implements Read {}
    }

    Read read(BatchInfo batch) {
        String iterator;
        try {
            iterator = streams.getShardIterator(request -> request.streamArn(batch.streamArn())
                            .shardId(batch.shardId())
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                            .sequenceNumber(batch.startSequenceNumber()))
                    .shardIterator();
        } catch (TrimmedDataAccessException e) {
            return new Read.Expired(
                    "its first record " + batch.startSequenceNumber() + " is past the stream's 24-hour retention");
        } catch (ResourceNotFoundException e) {
            return new Read.Expired("the stream or shard " + batch.shardId() + " no longer exists");
        }
        BigInteger start = new BigInteger(batch.startSequenceNumber());
        BigInteger end = new BigInteger(batch.endSequenceNumber());
        List<Record> records = new ArrayList<>();
        long lastRecordNanos = System.nanoTime();
        // Read the whole range before committing anything: the NextShardIterator chain is only used here.
        while (iterator != null) {
            String current = iterator;
            List<Record> page;
            try {
                var response = streams.getRecords(
                        request -> request.shardIterator(current).limit(1000));
                page = response.records();
                iterator = response.nextShardIterator();
            } catch (TrimmedDataAccessException e) {
                return new Read.Expired("its records were trimmed from the stream (24-hour retention) while read");
            } catch (ResourceNotFoundException e) {
                return new Read.Expired("the stream or shard " + batch.shardId() + " no longer exists");
            }
            for (Record record : page) {
                BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
                if (sequence.compareTo(end) > 0) {
                    return complete(records, start, end);
                }
                records.add(record);
                if (sequence.equals(end)) {
                    return complete(records, start, end);
                }
            }
            if (!page.isEmpty()) {
                lastRecordNanos = System.nanoTime();
            } else if (iterator != null) {
                if (System.nanoTime() - lastRecordNanos >= patience.toNanos()) {
                    return new Read.Incomplete("the open shard " + batch.shardId() + " gave no record for "
                            + patience.toSeconds() + " s"
                            + (records.isEmpty()
                                    ? ""
                                    : " after " + records.getLast().dynamodb().sequenceNumber())
                            + " before reaching " + end);
                }
                pause();
            }
        }
        // The shard is closed and read to its end.
        return complete(records, start, end);
    }

    private void pause() {
        try {
            Thread.sleep(emptyPagePause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the stream", e);
        }
    }

    private static Read complete(List<Record> records, BigInteger start, BigInteger end) {
        if (records.isEmpty() || !new BigInteger(records.getFirst().dynamodb().sequenceNumber()).equals(start)) {
            return new Read.Expired("its first record " + start + " is no longer in the stream");
        }
        if (!new BigInteger(records.getLast().dynamodb().sequenceNumber()).equals(end)) {
            return new Read.Expired(
                    "its records stop at " + records.getLast().dynamodb().sequenceNumber() + ", before " + end);
        }
        return new Read.Complete(records.stream().map(StreamRange::change).toList());
    }

    /** A Streams API record as the committer takes it: the same eventID Lambda delivered, so markers match. */
    public static StreamChange change(Record record) {
        var data = record.dynamodb();
        return new StreamChange(
                record.eventID(),
                record.eventNameAsString(),
                data.sequenceNumber(),
                data.approximateCreationDateTime(),
                data.oldImage(),
                data.newImage(),
                data.keys());
    }
}
