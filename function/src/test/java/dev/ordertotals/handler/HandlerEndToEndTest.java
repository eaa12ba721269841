package dev.ordertotals.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.batch.BatchMetrics;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.LocalPipeline;
import dev.ordertotals.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The handler against a real DynamoDB engine (moto over HTTP): orders written to the orders table, read back
 * from its stream, handed over in batches of 2 in Lambda's wire format, totals read from the totals table.
 */
class HandlerEndToEndTest {

    private static final String TODAY = "2026-11-25T10:15:00Z";
    private static final String YESTERDAY = "2026-11-24T18:00:00Z";

    private LocalPipeline pipeline;

    @BeforeEach
    void createTables() {
        pipeline = LocalPipeline.create();
    }

    @Test
    void theSourceDocumentsFourSampleOrdersGiveFortyOfEachItem() {
        pipeline.tables().putOrder("178526", TODAY, "item123", 10);
        pipeline.tables().putOrder("178527", TODAY, "item123", 30);
        pipeline.tables().putOrder("172528", TODAY, "item312", 10);
        pipeline.tables().putOrder("178529", TODAY, "item312", 30);

        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "2026-11-25|item123", 40L,
                        "2026-11-25|item312", 40L));
    }

    @Test
    void changingAnOrdersQuantityAdjustsItsTotal() {
        pipeline.tables().putOrder("1", TODAY, "item123", 10);
        pipeline.tables().putOrder("1", TODAY, "item123", 25);

        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item123", 25L));
    }

    @Test
    void changingAnOrdersDateMovesItsQuantityToTheOtherDay() {
        pipeline.tables().putOrder("1", YESTERDAY, "item123", 10);
        pipeline.tables().putOrder("2", YESTERDAY, "item123", 5);
        pipeline.drain(Processors.over(pipeline), 2);
        pipeline.tables().putOrder("1", TODAY, "item123", 10);

        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "2026-11-24|item123", 5L,
                        "2026-11-25|item123", 10L));
    }

    @Test
    void changingAnOrdersItemMovesItsQuantityToTheOtherItem() {
        pipeline.tables().putOrder("1", TODAY, "item123", 10);
        pipeline.drain(Processors.over(pipeline), 2);
        pipeline.tables().putOrder("1", TODAY, "item312", 10);

        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "2026-11-25|item123", 0L,
                        "2026-11-25|item312", 10L));
    }

    @Test
    void deletingEveryOrderBringsTheTotalsToZero() {
        pipeline.tables().putOrder("1", TODAY, "item123", 10);
        pipeline.tables().putOrder("2", TODAY, "item123", 30);
        pipeline.drain(Processors.over(pipeline), 2);
        pipeline.tables().deleteOrder("1");
        pipeline.tables().deleteOrder("2");

        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item123", 0L));
    }

    @Test
    void twoOrdersOfTheSameItemInOneBatchAreWrittenAsOneUpdateInOneTransaction() {
        FaultyDynamoDb counting = new FaultyDynamoDb(pipeline.dynamo());
        pipeline.tables().putOrder("1", TODAY, "item123", 10);
        pipeline.tables().putOrder("2", TODAY, "item123", 30);

        pipeline.drain(Processors.over(pipeline, counting, CommitSettings.defaults()), 2);

        // Two ledger entries and one ADD of 40.
        assertThat(counting.actionsPerCall()).containsExactly(3);
        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item123", 40L));
    }

    @Test
    void aChangeThatMovesNoQuantityWritesNothing() {
        pipeline.tables().putOrder("1", TODAY, "item123", 10);
        pipeline.drain(Processors.over(pipeline), 2);
        FaultyDynamoDb counting = new FaultyDynamoDb(pipeline.dynamo());
        pipeline.tables()
                .putOrder(Map.of(
                        "order_id",
                        AttributeValue.fromS("1"),
                        "order_date",
                        AttributeValue.fromS("2026-11-25T23:59:00Z"),
                        "item_id",
                        AttributeValue.fromS("item123"),
                        "quantity",
                        AttributeValue.fromN("10"),
                        "note",
                        AttributeValue.fromS("gift wrap")));

        pipeline.drain(Processors.over(pipeline, counting, CommitSettings.defaults()), 2);

        assertThat(counting.transactionCalls()).isZero();
    }

    @Test
    void itemsThatAreNotOrdersAreSkippedAsInTheSource() {
        pipeline.tables()
                .putOrder(
                        Map.of("order_id", AttributeValue.fromS("1"), "note", AttributeValue.fromS("no order fields")));
        pipeline.tables()
                .putOrder(Map.of(
                        "order_id",
                        AttributeValue.fromS("2"),
                        "order_date",
                        AttributeValue.fromS(TODAY),
                        "item_id",
                        AttributeValue.fromS("item123"),
                        "quantity",
                        AttributeValue.fromN("0")));
        pipeline.tables().putOrder("3", TODAY, "item123", 7);

        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item123", 7L));
        assertThat(pipeline.tables().quarantine()).isEmpty();
    }

    @Test
    void poisonRecordsAreQuarantinedWithTheirReasonAndTheRestOfTheBatchIsCounted() {
        putRaw("p1", TODAY, "item123", AttributeValue.fromN("2.5"));
        putRaw("p2", TODAY, "item123", AttributeValue.fromS("abc"));
        putRaw("p3", "yesterday", "item123", AttributeValue.fromN("5"));
        pipeline.tables().putOrder("ok", TODAY, "item123", 4);
        List<Record> batch = pipeline.newRecords();
        TestContext context = TestContext.withPlentyOfTime();

        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), batch, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item123", 4L));
        assertThat(pipeline.tables().quarantine())
                .extracting(item -> item.get(LedgerItem.QUARANTINE_REASON).s())
                .containsExactlyInAnyOrder(
                        "NewImage: aggregation daily_item_quantity: quantity 2.5 is not an integer",
                        "NewImage: aggregation daily_item_quantity: quantity must be a number (N), got S",
                        "NewImage: aggregation daily_item_quantity: order_date 'yesterday' does not start with an ISO date YYYY-MM-DD");
        assertThat(context.logLines())
                .filteredOn(line -> line.startsWith("WARN Quarantined record eventID="))
                .hasSize(3)
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                batch.get(0).eventID(), batch.get(0).dynamodb().sequenceNumber(), "2.5"));
        assertThat(context.logLines())
                .filteredOn(line -> line.startsWith("INFO Batch "))
                .singleElement()
                .asString()
                .contains("records=4", "applied=1", "quarantined=3", "duplicates=0", "transactions=1");
    }

    @Test
    void aQuarantinedOrderKeepsItsLatestMalformedImageAndEventIdOnItsLedgerEntry() {
        putRaw("p1", TODAY, "item123", AttributeValue.fromN("2.5"));
        Record record = pipeline.newRecords().getFirst();

        pipeline.deliver(Processors.over(pipeline), List.of(record));

        Map<String, AttributeValue> entry = pipeline.tables().quarantine().getFirst();
        assertThat(entry.get(LedgerItem.QUARANTINE_KIND).s()).isEqualTo(LedgerItem.MALFORMED);
        assertThat(entry.get(LedgerItem.QUARANTINE_EVENT).s()).isEqualTo(record.eventID());
        assertThat(entry.get(LedgerItem.QUARANTINE_IMAGE).m())
                .isEqualTo(record.dynamodb().newImage());
        assertThat(entry.get(LedgerItem.ORDER_KEY).m()).isEqualTo(Map.of("order_id", AttributeValue.fromS("p1")));
        assertThat(entry).doesNotContainKeys(LedgerItem.TTL_ATTRIBUTE, LedgerItem.CONTRIBUTIONS);
    }

    @Test
    void aMalformedOrderChangedThreeTimesHasOneQuarantineEntry() {
        putRaw("p1", TODAY, "item123", AttributeValue.fromN("2.5"));
        pipeline.drain(Processors.over(pipeline), 1);
        putRaw("p1", TODAY, "item123", AttributeValue.fromN("3.5"));
        pipeline.drain(Processors.over(pipeline), 1);
        putRaw("p1", TODAY, "item123", AttributeValue.fromS("x"));
        pipeline.drain(Processors.over(pipeline), 1);

        assertThat(pipeline.tables().quarantine())
                .singleElement()
                .satisfies(entry ->
                        assertThat(entry.get(LedgerItem.QUARANTINE_REASON).s()).contains("must be a number"));
    }

    @Test
    void deletingAMalformedOrderClearsItsQuarantineAndLeavesATombstone() {
        putRaw("p1", TODAY, "item123", AttributeValue.fromN("2.5"));
        pipeline.drain(Processors.over(pipeline), 1);

        pipeline.tables().deleteOrder("p1");
        pipeline.drain(Processors.over(pipeline), 1);

        assertThat(pipeline.tables().quarantine()).isEmpty();
        assertThat(pipeline.tables().ledgerItem("p1"))
                .containsKey(LedgerItem.TTL_ATTRIBUTE)
                .doesNotContainKey(LedgerItem.CONTRIBUTIONS);
    }

    @Test
    void fixingAMalformedOrderInTheOrdersTableFixesTheTotals() {
        pipeline.tables().putOrder("1", TODAY, "item123", 10);
        pipeline.drain(Processors.over(pipeline), 2);
        putRaw("1", TODAY, "item123", AttributeValue.fromN("2.5"));
        pipeline.drain(Processors.over(pipeline), 2);
        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item123", 0L));

        pipeline.tables().putOrder("1", TODAY, "item123", 12);
        pipeline.drain(Processors.over(pipeline), 2);

        assertThat(pipeline.tables().totalsByKey()).containsExactlyEntriesOf(Map.of("2026-11-25|item123", 12L));
        assertThat(pipeline.tables().quarantine())
                .as("the fix clears the order's quarantine")
                .isEmpty();
    }

    @Test
    void everyBatchPublishesOneMetricsLineWithItsCounts() {
        pipeline.tables().putOrder("1", TODAY, "item123", 10);
        putRaw("2", TODAY, "item123", AttributeValue.fromN("2.5"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Clock clock = Clock.systemUTC();
        BatchProcessor handler = new BatchProcessor(
                new ExactlyOnceCommitter(
                        pipeline.dynamo(),
                        pipeline.tables().totals(),
                        pipeline.tables().ledger(),
                        CommitSettings.defaults(),
                        clock),
                new BatchMetrics("OrderTotals", "fn", new PrintStream(out, true, StandardCharsets.UTF_8)),
                clock);

        pipeline.deliver(handler, pipeline.newRecords());

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .singleElement()
                .asString()
                .contains("\"RecordsApplied\":1", "\"RecordsQuarantined\":1", "\"TransactionsCommitted\":1");
    }

    private void putRaw(String orderId, String orderDate, String itemId, AttributeValue quantity) {
        pipeline.tables()
                .putOrder(Map.of(
                        "order_id",
                        AttributeValue.fromS(orderId),
                        "order_date",
                        AttributeValue.fromS(orderDate),
                        "item_id",
                        AttributeValue.fromS(itemId),
                        "quantity",
                        quantity));
    }
}
