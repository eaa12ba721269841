package dev.ordertotals.snapstart;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.BatchReport;
import java.io.OutputStream;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots the initialized function, run the handler's whole per-batch path
 * so its classes are loaded and its code compiled in the snapshot, and a restored instance's first batch costs
 * what a warm one does.
 *
 * <p>Without side effects: the batches are synthetic; they go through the function's own client switched to
 * canned responses and dummy credentials ({@link PrimableDynamoDb#offline}), a cancelled transaction naming one
 * duplicate and then a success, so the duplicate path is exercised too; nothing is logged and no metric is
 * published. The real credential provider and connections are untouched: after a restore the client fetches
 * credentials from Lambda's container endpoint and opens fresh connections on first use.
 *
 * <p>Where the Lambda runtime's event serializer is visible to the function's class loader, its JSON path for
 * this event type is warmed as well (best effort: the runtime may keep it out of reach).
 */
public final class SnapStartPriming implements Resource {

    /** Enough rounds for the JIT to compile the hot path, a fraction of a second before the snapshot. */
    static final int ROUNDS = 200;

    /**
     * At init, on every start: one round loads the per-batch path's classes and resolves its call sites, so the
     * first real batch does not pay for them (measured: about 100 ms of class loading moved out of the first invoke).
     */
    static final int INIT_ROUNDS = 1;

    private static final String CANCELLED =
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                    + "\"Message\":\"Transaction cancelled (priming)\","
                    // The first order's ledger entry has seen its record (in every eventID set, whatever today is): a
                    // duplicate.
                    + "\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\",\"Item\":{\"events_0\":{\"SS\":[\"priming-1\"]},"
                    + "\"events_1\":{\"SS\":[\"priming-1\"]},\"events_2\":{\"SS\":[\"priming-1\"]}}},"
                    + "{\"Code\":\"None\"},{\"Code\":\"None\"},{\"Code\":\"None\"}]}";
    private static final List<CannedHttpClient.Canned> ANSWERS = List.of(
            new CannedHttpClient.Canned(400, "TransactionCanceledException", CANCELLED),
            new CannedHttpClient.Canned(200, null, "{}"));

    /** Two records in Lambda's wire format: a valid INSERT, and a MODIFY into a malformed order. */
    private static final String SAMPLE_EVENT = """
            {"Records":[
             {"eventID":"priming-1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",
              "dynamodb":{"ApproximateCreationDateTime":1.7e9,"Keys":{"order_id":{"S":"p1"}},
               "NewImage":{"order_id":{"S":"p1"},"order_date":{"S":"2026-01-01T00:00:00Z"},"item_id":{"S":"item"},"quantity":{"N":"1"}},
               "SequenceNumber":"1","SizeBytes":80,"StreamViewType":"NEW_AND_OLD_IMAGES"},
              "eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/priming/stream/2026-01-01T00:00:00.000"},
             {"eventID":"priming-2","eventName":"MODIFY","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",
              "dynamodb":{"ApproximateCreationDateTime":1.7e9,"Keys":{"order_id":{"S":"p2"}},
               "OldImage":{"order_id":{"S":"p2"},"order_date":{"S":"2026-01-01T00:00:00Z"},"item_id":{"S":"item"},"quantity":{"N":"1"}},
               "NewImage":{"order_id":{"S":"p2"},"order_date":{"S":"2026-01-02T00:00:00Z"},"item_id":{"S":"item"},"quantity":{"S":"abc"}},
               "SequenceNumber":"2","SizeBytes":150,"StreamViewType":"NEW_AND_OLD_IMAGES"},
              "eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/priming/stream/2026-01-01T00:00:00.000"}]}
            """;

    private final BatchProcessor processor;
    private final PrimableDynamoDb dynamo;

    /** @param processor the function's batch path, publishing no metrics (priming batches are not real) */
    public SnapStartPriming(BatchProcessor processor, PrimableDynamoDb dynamo) {
        this.processor = processor;
        this.dynamo = dynamo;
    }

    /** Priming registered for the runtime's checkpoint; nothing happens outside a CRaC/SnapStart JVM. */
    public static SnapStartPriming register(BatchProcessor processor, PrimableDynamoDb dynamo) {
        SnapStartPriming priming = new SnapStartPriming(processor, dynamo);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to re-establish: the client made no real call and resolved no credentials before the snapshot.
    }

    /** Runs {@link #ROUNDS} synthetic batches through the handler, offline; returns the last report (for tests). */
    public BatchReport prime() {
        return prime(ROUNDS);
    }

    /**
     * The init's share of priming, run by the handler's constructor with or without SnapStart: a start without a
     * snapshot (SnapStart off, or {@code $LATEST} invoked directly) then loads the batch path during init rather
     * than during its first invocation, which the stream's shard waits on.
     */
    public BatchReport warmUp() {
        return prime(INIT_ROUNDS);
    }

    private BatchReport prime(int rounds) {
        return prime(RuntimeSerializer.read(SAMPLE_EVENT), rounds);
    }

    /** The sample batch as built when the runtime's serializer is out of reach (for tests). */
    static DynamodbEvent fallbackEvent() {
        return Fallback.EVENT;
    }

    BatchReport prime(DynamodbEvent event, int rounds) {
        return dynamo.offline(ANSWERS, () -> {
            BatchReport report = null;
            for (int round = 0; round < rounds; round++) {
                report = processor.process(event, () -> Long.MAX_VALUE, QuietLogger.INSTANCE);
            }
            return report;
        });
    }

    /** Lambda's own event serializer, reached by reflection because the runtime, not the jar, provides it. */
    private static final class RuntimeSerializer {
        private static final String SERIALIZERS =
                "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";
        private static final String POJO_SERIALIZER =
                "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer";

        static DynamodbEvent read(String json) {
            ClassLoader loader = SnapStartPriming.class.getClassLoader();
            try {
                Class<?> serializers = Class.forName(SERIALIZERS, true, loader);
                Class<?> pojo = Class.forName(POJO_SERIALIZER, true, loader);
                var serializerFor = serializers.getMethod("serializerFor", Class.class, ClassLoader.class);
                DynamodbEvent event = (DynamodbEvent) pojo.getMethod("fromJson", String.class)
                        .invoke(serializerFor.invoke(null, DynamodbEvent.class, loader), json);
                pojo.getMethod("toJson", Object.class, OutputStream.class)
                        .invoke(
                                serializerFor.invoke(null, StreamsEventResponse.class, loader),
                                new StreamsEventResponse(),
                                OutputStream.nullOutputStream());
                return event;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException notVisible) {
                return Fallback.EVENT;
            }
        }
    }

    /** The same two records built directly, when the runtime's serializer is out of reach. */
    private static final class Fallback {
        static final DynamodbEvent EVENT = build();

        private static DynamodbEvent build() {
            var valid = Map.of(
                    "order_id",
                    new AttributeValue("p1"),
                    "order_date",
                    new AttributeValue("2026-01-01T00:00:00Z"),
                    "item_id",
                    new AttributeValue("item"),
                    "quantity",
                    new AttributeValue().withN("1"));
            var before = Map.of(
                    "order_id",
                    new AttributeValue("p2"),
                    "order_date",
                    new AttributeValue("2026-01-01T00:00:00Z"),
                    "item_id",
                    new AttributeValue("item"),
                    "quantity",
                    new AttributeValue().withN("1"));
            var malformed = Map.of(
                    "order_id",
                    new AttributeValue("p2"),
                    "order_date",
                    new AttributeValue("2026-01-02T00:00:00Z"),
                    "item_id",
                    new AttributeValue("item"),
                    "quantity",
                    new AttributeValue("abc"));
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(List.of(
                    record("priming-1", "INSERT", "1", null, valid),
                    record("priming-2", "MODIFY", "2", before, malformed)));
            return event;
        }

        private static DynamodbEvent.DynamodbStreamRecord record(
                String id,
                String name,
                String sequence,
                Map<String, AttributeValue> oldImage,
                Map<String, AttributeValue> newImage) {
            var data = new StreamRecord();
            data.setSequenceNumber(sequence);
            data.setKeys(Map.of("order_id", newImage.get("order_id")));
            data.setApproximateCreationDateTime(new Date(0));
            data.setOldImage(oldImage);
            data.setNewImage(newImage);
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventID(id);
            record.setEventName(name);
            record.setDynamodb(data);
            return record;
        }
    }

    /** Priming's batches log nothing. */
    private enum QuietLogger implements LambdaLogger {
        INSTANCE;

        @Override
        public void log(String message) {}

        @Override
        public void log(byte[] message) {}

        @Override
        public void log(String message, LogLevel level) {}
    }
}
