package dev.ordertotals.testsupport;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.StreamShardReader;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The data path on the moto server: the stack's tables, the orders stream, and a handler fed with Lambda-format
 * events (the function's batch path, or anything else that handles a stream batch as Lambda invokes it). Tests deliver batches by hand (to reproduce any delivery Lambda can make) or let
 * {@link #drain(int)} act as a well-behaved event source.
 */
public final class LocalPipeline {

    private final MotoServer moto;
    private final DynamoDbClient dynamo;
    private final LocalTables tables;
    private final StreamShardReader stream;
    /** Volatile: a test may read the stream on one thread while another writes. */
    private volatile String checkpoint;

    private LocalPipeline(MotoServer moto) {
        // moto snapshots its whole backend around every transaction: start each test from an empty engine so
        // earlier tests' tables do not slow this one down. Tests in one JVM run one at a time.
        moto.reset();
        this.moto = moto;
        this.dynamo = LocalClients.dynamo(moto.endpoint());
        this.tables = LocalTables.create(moto);
        this.stream = tables.stream();
    }

    public static LocalPipeline create() {
        return new LocalPipeline(MotoServer.shared());
    }

    /** On an engine of the test's own (one made slow, say), reset first. */
    public static LocalPipeline on(MotoServer moto) {
        return new LocalPipeline(moto);
    }

    public LocalTables tables() {
        return tables;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** Every record in the orders stream, from the start. */
    public List<Record> allRecords() {
        return stream.readAll();
    }

    /** Records written since the last {@link #drain(int)}. */
    public List<Record> newRecords() {
        List<Record> records = new ArrayList<>();
        String shard = stream.shards().getFirst().shardId();
        String position = checkpoint;
        while (true) {
            List<Record> page = stream.readAfter(shard, position, 1000);
            if (page.isEmpty()) {
                return records;
            }
            records.addAll(page);
            position = page.getLast().dynamodb().sequenceNumber();
        }
    }

    /** Moves the checkpoint past every record written so far, as a new mapping starting at LATEST would. */
    public void skipToEnd() {
        List<Record> records = newRecords();
        if (!records.isEmpty()) {
            skipTo(records.getLast());
        }
    }

    /** Moves the checkpoint past {@code record} (nothing when it is null). */
    public void skipTo(Record record) {
        if (record != null) {
            checkpoint = record.dynamodb().sequenceNumber();
        }
    }

    public StreamsEventResponse deliver(
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler, List<Record> batch, TestContext context) {
        return handler.handleRequest(LambdaWire.event(batch, tables.streamArn()), context);
    }

    public StreamsEventResponse deliver(
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler, List<Record> batch) {
        return deliver(handler, batch, TestContext.withPlentyOfTime());
    }

    /** Delivers the new records in batches, retrying from a reported failure, like Lambda's event source. */
    public void drain(RequestHandler<DynamodbEvent, StreamsEventResponse> handler, int batchSize) {
        List<Record> records = newRecords();
        int next = 0;
        int attempts = 0;
        while (next < records.size()) {
            List<Record> batch = records.subList(next, Math.min(next + batchSize, records.size()));
            StreamsEventResponse response = deliver(handler, batch);
            if (response.getBatchItemFailures().isEmpty()) {
                next += batch.size();
                attempts = 0;
            } else {
                String failed = response.getBatchItemFailures().getFirst().getItemIdentifier();
                next += indexOf(batch, failed);
                if (++attempts > 5) {
                    throw new IllegalStateException("record " + failed + " keeps failing");
                }
            }
        }
        if (!records.isEmpty()) {
            checkpoint = records.getLast().dynamodb().sequenceNumber();
        }
    }

    public static int indexOf(List<Record> batch, String sequenceNumber) {
        for (int index = 0; index < batch.size(); index++) {
            if (batch.get(index).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return index;
            }
        }
        throw new IllegalStateException("reported sequence number " + sequenceNumber + " is not in the batch");
    }
}
