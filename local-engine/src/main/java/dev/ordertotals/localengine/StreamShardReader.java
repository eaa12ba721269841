package dev.ordertotals.localengine;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a stream's records from a checkpoint the way moto needs: a fresh {@code GetShardIterator} on every
 * read rather than a long-lived {@code NextShardIterator} chain, because moto's iterators go stale after a
 * cancelled transaction. moto keeps one shard per table, which never closes.
 */
public final class StreamShardReader {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;

    public StreamShardReader(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    public String streamArn() {
        return streamArn;
    }

    public List<Shard> shards() {
        return streams.describeStream(request -> request.streamArn(streamArn))
                .streamDescription()
                .shards();
    }

    /** Up to {@code limit} records of the shard after {@code checkpoint} (from the start when it is null). */
    public List<Record> readAfter(String shardId, String checkpoint, int limit) {
        String iterator = streams.getShardIterator(request -> {
                    request.streamArn(streamArn).shardId(shardId);
                    if (checkpoint == null) {
                        request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    } else {
                        request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                .sequenceNumber(checkpoint);
                    }
                })
                .shardIterator();
        return streams.getRecords(request -> request.shardIterator(iterator).limit(limit))
                .records();
    }

    /** Every record currently in the stream, in order, across its shards. */
    public List<Record> readAll() {
        List<Record> all = new ArrayList<>();
        for (Shard shard : shards()) {
            String checkpoint = null;
            while (true) {
                List<Record> page = readAfter(shard.shardId(), checkpoint, 1000);
                if (page.isEmpty()) {
                    break;
                }
                all.addAll(page);
                checkpoint = page.getLast().dynamodb().sequenceNumber();
            }
        }
        return all;
    }
}
