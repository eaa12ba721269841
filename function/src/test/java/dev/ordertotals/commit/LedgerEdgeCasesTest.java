package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.testkit.LedgerExpectations;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.LocalPipeline;
import dev.ordertotals.testsupport.TestContext;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The records a review of the marker design found losing valid deltas, one test each, plus the edges of the ledger
 * itself. Each one stays exact: a delta is applied, or it is still visible as "ledger differs from the order".
 */
class LedgerEdgeCasesTest {

    private static final String DAY = "2026-11-25T08:00:00Z";
    private LocalPipeline pipeline;

    @BeforeEach
    void freshTables() {
        pipeline = LocalPipeline.create();
    }

    @Test
    void aMalformedChangeTooLargeToCopyStillSubtractsTheValidOldImageAndItsFixCountsOnce() {
        // ~200 KB of two-byte characters each: the old and new images together exceed what a ledger item can hold.
        String note = "é".repeat(100_000);
        pipeline.tables().putOrder(order("A", "item1", AttributeValue.fromN("5"), note));
        pipeline.drain(Processors.over(pipeline), 2);
        pipeline.tables().putOrder(order("A", "item1", AttributeValue.fromN("2.5"), note));
        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 0L));
        assertThat(pipeline.tables().quarantine()).singleElement().satisfies(entry -> {
            assertThat(entry).doesNotContainKey(LedgerItem.QUARANTINE_IMAGE);
            assertThat(entry.get(LedgerItem.QUARANTINE_REASON).s())
                    .contains("not copied; the order is in the orders table");
        });

        pipeline.tables().putOrder(order("A", "item1", AttributeValue.fromN("5"), note));
        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 5L));
        assertThat(pipeline.tables().quarantine()).isEmpty();
    }

    @Test
    void aCorruptTotalParksTheRecordAndLeavesEveryHealthyTotalExact() {
        pipeline.tables().putOrder("A", DAY, "healthy", 5);
        pipeline.tables().putOrder("B", DAY, "corrupt", 1);
        pipeline.drain(Processors.over(pipeline), 2);
        setTotal("corrupt", AttributeValue.fromS("seven"));

        pipeline.tables().putOrder("A", DAY, "corrupt", 5); // moves A from the healthy total to the corrupt one
        pipeline.tables().putOrder("C", DAY, "healthy", 2); // same batch, healthy only
        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), pipeline.newRecords());

        assertThat(response.getBatchItemFailures())
                .as("the refused record does not block the shard")
                .isEmpty();
        assertThat(pipeline.tables().scan(pipeline.tables().totals()))
                .filteredOn(item -> item.get("item_number").s().equals("healthy"))
                .singleElement()
                .satisfies(item -> assertThat(item.get("quantity").n())
                        .as("A's 5 still counted where the ledger says, plus C's 2")
                        .isEqualTo("7"));
        assertThat(pipeline.tables().quarantine())
                .singleElement()
                .satisfies(entry ->
                        assertThat(entry.get(LedgerItem.QUARANTINE_KIND).s()).isEqualTo(LedgerItem.REFUSED));

        // Someone fixes the total by hand; A's next change recomputes from what the ledger really counts.
        setTotal("corrupt", AttributeValue.fromN("1"));
        pipeline.tables().putOrder("A", DAY, "corrupt", 6);
        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey())
                .isEqualTo(Map.of("2026-11-25|healthy", 2L, "2026-11-25|corrupt", 7L));
        assertThat(pipeline.tables().quarantine())
                .as("the park is cleared by the order's next commit")
                .isEmpty();
    }

    @Test
    void aReasonCutInsideASurrogatePairNeverBlocksTheBatch() {
        pipeline.tables()
                .putOrder(Map.of(
                        "order_id",
                        AttributeValue.fromS("bad"),
                        "order_date",
                        AttributeValue.fromS("x".repeat(39) + "😀tail"),
                        "item_id",
                        AttributeValue.fromS("item1"),
                        "quantity",
                        AttributeValue.fromN("3")));
        pipeline.tables().putOrder("good", DAY, "item1", 4);

        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), pipeline.newRecords());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 4L));
        assertThat(pipeline.tables().quarantine())
                .singleElement()
                .satisfies(entry ->
                        assertThat(entry.get(LedgerItem.QUARANTINE_REASON).s()).contains("x".repeat(39) + "😀..."));
    }

    @Test
    void totalsBeyondALongStayExact() {
        BigInteger nearLongMax = BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.valueOf(10));
        setTotal("big", AttributeValue.fromN(nearLongMax.toString()));
        pipeline.tables()
                .putOrder(Map.of(
                        "order_id",
                        AttributeValue.fromS("A"),
                        "order_date",
                        AttributeValue.fromS(DAY),
                        "item_id",
                        AttributeValue.fromS("big"),
                        "quantity",
                        AttributeValue.fromN("1000000000000000")));

        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().exactTotals())
                .containsEntry("2026-11-25|big", nearLongMax.add(BigInteger.TEN.pow(15)));
    }

    @Test
    void anOrderWhoseEntryCannotEvenBeParkedIsLoggedCountedAndNeverBlocksTheShard() {
        // Thousands of changes of one order in a day can fill its ledger item (400 KB): then even the park is refused.
        pipeline.tables().putOrder("busy", DAY, "item1", 1);
        pipeline.tables().putOrder("calm", DAY, "item2", 1);
        pipeline.drain(Processors.over(pipeline), 10);
        FaultyDynamoDb full = new FaultyDynamoDb(pipeline.dynamo())
                .refuse(request -> request.transactItems().stream()
                        .anyMatch(item -> item.update().key().equals(LedgerTable.key("busy"))))
                .refuseUpdates(request -> request.key().equals(LedgerTable.key("busy")));

        pipeline.tables().putOrder("busy", DAY, "item1", 2);
        pipeline.tables().putOrder("calm", DAY, "item2", 3);
        TestContext context = TestContext.withPlentyOfTime();
        StreamsEventResponse response = pipeline.deliver(
                Processors.over(pipeline, full, CommitSettings.defaults()), pipeline.newRecords(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().totalsByKey())
                .as("busy still counts 1, as its ledger says; calm moved")
                .isEqualTo(Map.of("2026-11-25|item1", 1L, "2026-11-25|item2", 3L));
        assertThat(LedgerEntry.from(pipeline.tables().ledgerItem("busy")).contribution())
                .as("visible to verify and reconcile: ledger 1, order 2")
                .isEqualTo(LedgerExpectations.counted("2026-11-25", "item1", 1));
        assertThat(context.logLines()).anySatisfy(line -> assertThat(line).contains("parking refused too"));
    }

    @Test
    void aMalformedOrderNested32LevelsDeepIsQuarantinedWithoutItsImageAndItsOldQuantitySubtracted() {
        // DynamoDB allows 32 levels of nesting, and the order uses them; copied into quarantine_image (a map) the image
        // would be 33 deep, which DynamoDB refuses, and so does the local engine.
        pipeline.tables().putOrder("deep", DAY, "item1", 5);
        pipeline.drain(Processors.over(pipeline), 2);
        pipeline.tables().putOrder(nested("deep", 32));

        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), pipeline.newRecords());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().totalsByKey())
                .as("the malformed order counts nothing: its old 5 is subtracted")
                .isEqualTo(Map.of("2026-11-25|item1", 0L));
        assertThat(pipeline.tables().quarantine()).singleElement().satisfies(entry -> {
            assertThat(entry.get(LedgerItem.QUARANTINE_KIND).s()).isEqualTo(LedgerItem.MALFORMED);
            assertThat(entry).doesNotContainKey(LedgerItem.QUARANTINE_IMAGE);
            assertThat(entry.get(LedgerItem.QUARANTINE_REASON).s())
                    .contains("not copied: it would be nested 33 levels deep", "DynamoDB allows 32");
        });
    }

    /** An order whose quantity is not a number, with an attribute of {@code levels} levels (31 maps around a string). */
    static Map<String, AttributeValue> nested(String id, int levels) {
        AttributeValue deep = AttributeValue.fromS("bottom");
        for (int level = 1; level < levels; level++) {
            deep = AttributeValue.fromM(Map.of("in", deep));
        }
        Map<String, AttributeValue> order = new HashMap<>();
        order.put("order_id", AttributeValue.fromS(id));
        order.put("order_date", AttributeValue.fromS(DAY));
        order.put("item_id", AttributeValue.fromS("item1"));
        order.put("quantity", AttributeValue.fromS("five"));
        order.put("deep", deep);
        return order;
    }

    private void setTotal(String item, AttributeValue quantity) {
        pipeline.dynamo()
                .putItem(request -> request.tableName(pipeline.tables().totals())
                        .item(Map.of(
                                "order_date",
                                AttributeValue.fromS("2026-11-25"),
                                "item_number",
                                AttributeValue.fromS(item),
                                "quantity",
                                quantity)));
    }

    private static Map<String, AttributeValue> order(String id, String item, AttributeValue quantity, String note) {
        Map<String, AttributeValue> order = new HashMap<>();
        order.put("order_id", AttributeValue.fromS(id));
        order.put("order_date", AttributeValue.fromS(DAY));
        order.put("item_id", AttributeValue.fromS(item));
        order.put("quantity", quantity);
        order.put("note", AttributeValue.fromS(note));
        return order;
    }
}
