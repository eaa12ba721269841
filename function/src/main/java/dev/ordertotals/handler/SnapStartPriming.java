package dev.ordertotals.handler;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.stream.LambdaStreamEvents;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming: before Lambda snapshots the initialized function, run the whole per-batch path once so
 * its classes are loaded and its code warm in the snapshot, and a restored instance's first batch costs what a
 * warm one does.
 *
 * <p>Without side effects: the batch is synthetic, it goes through a throw-away client whose HTTP layer is
 * {@link CannedHttpClient} (a cancelled transaction naming one duplicate, then success), with dummy
 * credentials, and its metrics line is built but not printed. The function's real client is untouched, so it
 * holds no credentials or connections from before the snapshot: after restore it fetches credentials from
 * Lambda's container endpoint and opens fresh connections on first use.
 */
public final class SnapStartPriming implements Resource {

    private static final String CANCELLED = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
            + "\"Message\":\"Transaction cancelled (priming)\","
            + "\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\"},{\"Code\":\"None\"},{\"Code\":\"None\"},{\"Code\":\"None\"}]}";

    private final String region;

    public SnapStartPriming(String region) {
        this.region = region;
    }

    /** Registers for the runtime's checkpoint; a no-op outside a CRaC/SnapStart JVM. */
    public void register() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to re-establish: the real client made no call before the snapshot.
    }

    /** Runs one synthetic batch through the real code path; returns its report (for tests). */
    public BatchReport prime() {
        try (DynamoDbClient canned = DynamoDbClient.builder()
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .httpClient(new CannedHttpClient(new java.util.ArrayDeque<>(List.of(
                        new CannedHttpClient.Canned(400, "TransactionCanceledException", CANCELLED),
                        new CannedHttpClient.Canned(200, null, "{}")))))
                .build()) {
            ExactlyOnceCommitter committer = new ExactlyOnceCommitter(canned, "priming-totals", "priming-state",
                    OrderTotalsHandler.defaultSettings(), Clock.systemUTC());
            BatchReport report = committer.commit(LambdaStreamEvents.changes(sampleEvent()), () -> 60_000);
            new BatchMetrics("priming", "priming", System.out).line(report, 0, 0);
            return report;
        }
    }

    /** Two records as Lambda delivers them: a valid INSERT and a MODIFY into a malformed order. */
    private static DynamodbEvent sampleEvent() {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(
                record("priming-1", "INSERT", "1", null, order("2026-01-01T00:00:00Z", "item", new AttributeValue().withN("1"))),
                record("priming-2", "MODIFY", "2", order("2026-01-01T00:00:00Z", "item", new AttributeValue().withN("1")),
                        order("2026-01-02T00:00:00Z", "item", new AttributeValue().withS("abc")))));
        return event;
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String eventId, String eventName, String sequenceNumber,
            Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(eventId);
        record.setEventName(eventName);
        StreamRecord data = new StreamRecord();
        data.setSequenceNumber(sequenceNumber);
        data.setApproximateCreationDateTime(new Date(0));
        data.setOldImage(oldImage);
        data.setNewImage(newImage);
        record.setDynamodb(data);
        return record;
    }

    private static Map<String, AttributeValue> order(String date, String item, AttributeValue quantity) {
        return Map.of("order_id", new AttributeValue().withS("priming"), "order_date", new AttributeValue().withS(date),
                "item_id", new AttributeValue().withS(item), "quantity", quantity);
    }
}
