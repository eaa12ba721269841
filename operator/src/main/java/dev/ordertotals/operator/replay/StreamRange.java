package dev.ordertotals.operator.replay;

import dev.ordertotals.localengine.eventsource.OnFailureMessage.BatchInfo;
import dev.ordertotals.stream.StreamChange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Re-reads the records of one on-failure batch from the stream, start to end inclusive, or says why it cannot. */
public final class StreamRange {

    /** Pages in a row without a record before we conclude the rest of the range is not in the shard. */
    private static final int MAX_EMPTY_PAGES = 25;

    private final DynamoDbStreamsClient streams;

    StreamRange(DynamoDbStreamsClient streams) {
        this.streams = streams;
    }

    /** The range's records, as the committer takes them. */
    sealed interface Read {

        record Complete(List<StreamChange> changes) implements Read {}

        /** Past the stream's retention (24 hours), or the stream or shard is gone. */
        record Expired(String reason) implements Read {}
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
        int emptyPages = 0;
        // Read the whole range before committing anything: the NextShardIterator chain is only used here.
        while (iterator != null && emptyPages < MAX_EMPTY_PAGES) {
            String current = iterator;
            var page =
                    streams.getRecords(request -> request.shardIterator(current).limit(1000));
            emptyPages = page.records().isEmpty() ? emptyPages + 1 : 0;
            for (Record record : page.records()) {
                BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
                if (sequence.compareTo(end) > 0) {
                    return complete(records, start, end, batch);
                }
                records.add(record);
                if (sequence.equals(end)) {
                    return complete(records, start, end, batch);
                }
            }
            iterator = page.nextShardIterator();
        }
        return complete(records, start, end, batch);
    }

    private static Read complete(List<Record> records, BigInteger start, BigInteger end, BatchInfo batch) {
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
