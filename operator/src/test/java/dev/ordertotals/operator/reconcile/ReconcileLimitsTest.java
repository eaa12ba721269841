package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.commit.LedgerTable;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.stream.OrderKeys;
import dev.ordertotals.testsupport.LocalTables;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * Reconcile at DynamoDB's limits: a ledger entry nearly full (an order changed thousands of times: large eventID
 * sets) must still be repairable. On the local engine, which refuses items over 400 KB as DynamoDB does.
 */
class ReconcileLimitsTest {

    private static final String DAY = "2026-11-25T08:00:00Z";
    /** An eventID as DynamoDB writes them: 32 hex digits; a set of n of them takes about 32 n bytes. */
    private static final int EVENT_ID_BYTES = 32;

    private final Instant now = Instant.now();
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private LocalTables tables;

    @BeforeEach
    void anOrderCountedOnce() {
        tables = LocalTables.create();
        tables.putOrder("busy", DAY, "item1", 5);
        Operations.reconcile(tables);
    }

    @Test
    void aMalformedOrderWhoseEntryIsNearlyFullWithAStaleEventSetIsRepairedAndTheStaleSetDropped() {
        // Two days ago the order changed thousands of times (~250 KB of eventIDs), yesterday some more (~100 KB).
        fillEventSet(eventSet(2), 250_000);
        fillEventSet(eventSet(1), 100_000);
        tables.putOrder(malformed("busy", 62_000));

        Reconciler.Result result = reconcile();

        assertThat(failures).isEmpty();
        assertThat(result.failed()).isZero();
        assertThat(result.corrected()).isEqualTo(1);
        Map<String, AttributeValue> entry = tables.ledgerItem("busy");
        assertThat(entry)
                .as("the stale set is dropped, as the function's writes drop it")
                .doesNotContainKeys(eventSet(2), LedgerItem.CONTRIBUTIONS)
                .containsKeys(eventSet(1), LedgerItem.QUARANTINE_IMAGE)
                .containsEntry(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(LedgerItem.MALFORMED));
        assertThat(tables.totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 0L));
        Operations.assertExact(tables);
    }

    @Test
    void aMalformedOrderWhoseEntryHasNoRoomForItsImageIsRepairedWithoutCopyingIt() {
        // Today's and yesterday's sets are still needed to recognise redeliveries: ~350 KB that must stay.
        fillEventSet(eventSet(0), 200_000);
        fillEventSet(eventSet(1), 150_000);
        tables.putOrder(malformed("busy", 62_000));

        Reconciler.Result result = reconcile();

        assertThat(failures).isEmpty();
        assertThat(result.failed()).isZero();
        Map<String, AttributeValue> entry = tables.ledgerItem("busy");
        assertThat(entry)
                .containsKeys(eventSet(0), eventSet(1))
                .doesNotContainKeys(LedgerItem.QUARANTINE_IMAGE, LedgerItem.CONTRIBUTIONS)
                .containsEntry(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(LedgerItem.MALFORMED));
        assertThat(entry.get(LedgerItem.QUARANTINE_REASON).s())
                .contains("current image: ", "not copied", "the order is in the orders table");
        assertThat(tables.totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 0L));
        Operations.assertExact(tables);
    }

    @Test
    void aMalformedOrderNested32LevelsDeepIsQuarantinedWithoutItsImage() {
        // DynamoDB allows 32 levels of nesting, and the order uses them; copied into quarantine_image (a map) the image
        // would be 33 deep, which DynamoDB refuses, and so does the local engine.
        tables.putOrder(nested("busy", 32));

        Reconciler.Result result = reconciler(tables.dynamo()).run(ReconcileCheckpoint.none(1));

        assertThat(failures).isEmpty();
        assertThat(result.failed()).isZero();
        Map<String, AttributeValue> entry = tables.ledgerItem("busy");
        assertThat(entry)
                .doesNotContainKeys(LedgerItem.QUARANTINE_IMAGE, LedgerItem.CONTRIBUTIONS)
                .containsEntry(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(LedgerItem.MALFORMED));
        assertThat(entry.get(LedgerItem.QUARANTINE_REASON).s())
                .contains("not copied: it would be nested 33 levels deep", "DynamoDB allows 32");
        assertThat(tables.totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 0L));
        Operations.assertExact(tables);
    }

    @Test
    void anEntryWhoseOrderKeyCannotBeAKeyOfTheOrdersTableFailsThatEntryNotTheRun() {
        // Entries written by hand, or left by an orders table keyed otherwise: DynamoDB refuses to read such a key
        // (the local engine refuses the first; DynamoDB also the second, beyond its 2,048-byte partition key limit).
        putEntry(Map.of("id", AttributeValue.fromS("7")), 3);
        putEntry(Map.of("order_id", AttributeValue.fromS("x".repeat(2_049))), 3);
        putEntry(Map.of("order_id", AttributeValue.fromS("gone")), 2); // an order deleted, its record lost
        tables.putTotal("2026-11-25", "item1", AttributeValue.fromN("13"));

        Reconciler.Result result = reconcile();

        assertThat(result.complete()).isTrue();
        assertThat(result.failed()).isEqualTo(2);
        assertThat(failures)
                .hasSize(2)
                .allSatisfy(failure -> assertThat(failure).contains("is not a key of the orders table"))
                .anySatisfy(failure -> assertThat(failure).contains("[id]", "[order_id]"))
                .anySatisfy(failure -> assertThat(failure).contains("2049 bytes", "2048"));
        assertThat(result.orphans())
                .as("the gone order's entry is tombstoned all the same")
                .isEqualTo(1);
        assertThat(tables.ledgerItem("gone")).doesNotContainKey(LedgerItem.CONTRIBUTIONS);
        assertThat(tables.totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 11L));
    }

    @Test
    void aKeyDynamoDbRefusesToReadFailsAloneAndTheOthersReadWithItAreReconciled() {
        // A number where the orders table's key is a string: DynamoDB refuses the whole BatchGetItem ("The provided
        // key element does not match the schema"); the local engine does not check key types, the client below does.
        putEntry(Map.of("order_id", AttributeValue.fromN("7")), 3);
        putEntry(Map.of("order_id", AttributeValue.fromS("gone")), 2);
        tables.putTotal("2026-11-25", "item1", AttributeValue.fromN("10"));
        DynamoDbClient typeChecking = new KeyTypeChecking(tables.dynamo(), tables.orders());

        Reconciler.Result result = reconciler(typeChecking).run(ReconcileCheckpoint.none(1));

        assertThat(result.complete()).isTrue();
        assertThat(failures)
                .singleElement()
                .satisfies(failure -> assertThat(failure)
                        .contains("is not a key of the orders table", "DynamoDB refused to read it"));
        assertThat(result.orphans()).isEqualTo(1);
        assertThat(tables.totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 8L));
    }

    /** The local engine's client, refusing a BatchGetItem of the orders table with a number key, as DynamoDB does. */
    private record KeyTypeChecking(DynamoDbClient real, String orders) implements DynamoDbClient {

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            if (request
                    .requestItems()
                    .getOrDefault(orders, KeysAndAttributes.builder().build())
                    .keys()
                    .stream()
                    .anyMatch(key -> key.values().stream().anyMatch(value -> value.n() != null))) {
                throw DynamoDbException.builder()
                        .message("The provided key element does not match the schema")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ValidationException")
                                .errorMessage("The provided key element does not match the schema")
                                .build())
                        .statusCode(400)
                        .build();
            }
            return real.batchGetItem(request);
        }

        @Override
        public DescribeTableResponse describeTable(DescribeTableRequest request) {
            return real.describeTable(request);
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            return real.scan(request);
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return real.getItem(request);
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            return real.transactWriteItems(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {}
    }

    private Reconciler.Result reconcile() {
        return reconciler(tables.dynamo()).run(ReconcileCheckpoint.none(1));
    }

    private Reconciler reconciler(DynamoDbClient dynamo) {
        return new Reconciler(
                dynamo,
                new Reconciler.Tables(tables.pipeline()),
                new Reconciler.Settings(1, false, 0),
                new Reconciler.Listener() {
                    @Override
                    public void failed(String orderKey, String reason) {
                        failures.add(orderKey + ": " + reason);
                    }
                },
                WriteRateLimiter.perSecond(0),
                clock);
    }

    /**
     * A ledger entry counting {@code quantity} of item1 for the order of this key, as written by hand in the format
     * from before declared aggregations (which reconcile still reads).
     */
    private void putEntry(Map<String, AttributeValue> orderKey, long quantity) {
        Map<String, AttributeValue> entry = new HashMap<>(LedgerTable.key(OrderKeys.canonical(orderKey)));
        entry.put(LedgerItem.ORDER_KEY, AttributeValue.fromM(orderKey));
        entry.put(LedgerItem.LEGACY_COUNTED_DATE, AttributeValue.fromS("2026-11-25"));
        entry.put(LedgerItem.LEGACY_COUNTED_ITEM, AttributeValue.fromS("item1"));
        entry.put(LedgerItem.LEGACY_COUNTED_QUANTITY, AttributeValue.fromN(Long.toString(quantity)));
        entry.put(LedgerItem.VERSION, AttributeValue.fromN("1"));
        tables.dynamo().putItem(request -> request.tableName(tables.ledger()).item(entry));
    }

    /** The eventID set of {@code daysAgo} days before the reconcile's clock (day number mod 3, see LedgerItem). */
    private String eventSet(int daysAgo) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(daysAgo);
        return LedgerItem.EVENT_SETS.get(Math.floorMod(day.toEpochDay(), LedgerItem.EVENT_SETS.size()));
    }

    /** Adds about {@code bytes} of eventIDs to one of the order's eventID sets, in requests of ~50 KB. */
    private void fillEventSet(String set, int bytes) {
        for (int added = 0; added < bytes; ) {
            List<String> ids = new ArrayList<>();
            for (int chunk = 0; chunk < 50_000 && added < bytes; chunk += EVENT_ID_BYTES, added += EVENT_ID_BYTES) {
                ids.add(UUID.randomUUID().toString().replace("-", ""));
            }
            tables.dynamo()
                    .updateItem(request -> request.tableName(tables.ledger())
                            .key(Map.of(
                                    LedgerItem.PARTITION_KEY,
                                    AttributeValue.fromS(LedgerItem.partitionKey("busy")),
                                    LedgerItem.SORT_KEY,
                                    AttributeValue.fromS(LedgerItem.LEDGER_SORT_KEY)))
                            .updateExpression("ADD #set :ids")
                            .expressionAttributeNames(Map.of("#set", set))
                            .expressionAttributeValues(Map.of(":ids", AttributeValue.fromSs(ids))));
        }
    }

    /** An order whose quantity is not a number, with an attribute of {@code levels} levels (maps around a string). */
    private static Map<String, AttributeValue> nested(String id, int levels) {
        AttributeValue deep = AttributeValue.fromS("bottom");
        for (int level = 1; level < levels; level++) {
            deep = AttributeValue.fromM(Map.of("in", deep));
        }
        Map<String, AttributeValue> order = malformed(id, 10);
        order.put("deep", deep);
        return order;
    }

    /** An order whose quantity is not a number, with a note of {@code noteBytes} bytes: an image of about that size. */
    private static Map<String, AttributeValue> malformed(String id, int noteBytes) {
        Map<String, AttributeValue> order = new HashMap<>();
        order.put("order_id", AttributeValue.fromS(id));
        order.put("order_date", AttributeValue.fromS(DAY));
        order.put("item_id", AttributeValue.fromS("item1"));
        order.put("quantity", AttributeValue.fromS("lots"));
        order.put("note", AttributeValue.fromS("n".repeat(noteBytes)));
        return order;
    }
}
