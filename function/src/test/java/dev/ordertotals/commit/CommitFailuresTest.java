package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.LocalPipeline;
import dev.ordertotals.testsupport.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Every failure on the commit path ends as a partial batch response naming the order that could not be committed,
 * with every other order of the batch committed, whatever raised it: never an invocation error that fails the
 * whole batch (and, at the default batch size, blocks the healthy order beside it).
 */
class CommitFailuresTest {

    private static final String DAY = "2026-11-25T08:00:00Z";
    private LocalPipeline pipeline;

    @BeforeEach
    void twoCountedOrders() {
        pipeline = LocalPipeline.create();
        pipeline.tables().putOrder("A", DAY, "item1", 5);
        pipeline.tables().putOrder("B", DAY, "item2", 1);
        pipeline.drain(Processors.over(pipeline), 2);
    }

    @Test
    void anUnreadableLedgerEntryHoldsBackItsOrderOnlyAndTheHealthyOrderBesideItCommits() {
        // A hand edit: the entry's quantity is no longer an integer.
        setLedgerQuantity("A", "1.5");
        pipeline.tables().putOrder("A", DAY, "item1", 6);
        pipeline.tables().putOrder("C", DAY, "item2", 2);
        List<Record> batch = pipeline.newRecords();
        TestContext context = TestContext.withPlentyOfTime();

        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), batch, context);

        assertThat(response.getBatchItemFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo(sequenceOf(batch, "A")));
        assertThat(pipeline.tables().totalsByKey())
                .as("C counted; A's total untouched until its entry is fixed")
                .isEqualTo(Map.of("2026-11-25|item1", 5L, "2026-11-25|item2", 3L));
        assertThat(context.logLines())
                .anySatisfy(line -> assertThat(line).contains("ledger entry of order A cannot be read"));
    }

    @Test
    void aTimeoutWhileParkingARefusedRecordIsReportedForRetryAndTheOtherOrderCommits() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(pipeline.dynamo())
                .refuse(request -> request.transactItems().stream()
                        .anyMatch(item -> item.update().key().equals(LedgerTable.key("A"))))
                .before("updateItem", 1, () -> {
                    throw SdkClientException.create("simulated timeout while parking");
                });
        pipeline.tables().putOrder("A", DAY, "item1", 6);
        pipeline.tables().putOrder("C", DAY, "item2", 2);
        List<Record> batch = pipeline.newRecords();

        StreamsEventResponse response = pipeline.deliver(
                Processors.over(pipeline, faulty, CommitSettings.defaults()), batch, TestContext.withPlentyOfTime());

        assertThat(response.getBatchItemFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo(sequenceOf(batch, "A")));
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 5L, "2026-11-25|item2", 3L));

        // The retry parks A (DynamoDB still refuses it) and recognises C as done.
        StreamsEventResponse retry = pipeline.deliver(
                Processors.over(pipeline, faulty, CommitSettings.defaults()), batch, TestContext.withPlentyOfTime());

        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().quarantine())
                .singleElement()
                .satisfies(entry ->
                        assertThat(entry.get(LedgerItem.QUARANTINE_KIND).s()).isEqualTo(LedgerItem.REFUSED));
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(Map.of("2026-11-25|item1", 5L, "2026-11-25|item2", 3L));
    }

    @Test
    void anOrderChangedTwoHundredTimesInOneBatchIsCountedOnce() {
        for (int quantity = 1; quantity <= 200; quantity++) {
            pipeline.tables().putOrder("A", DAY, "item" + (1 + quantity % 3), quantity);
        }
        pipeline.tables().putOrder("C", DAY, "item2", 2);

        TestContext context = TestContext.withPlentyOfTime();
        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), pipeline.newRecords(), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(context.logLines()).noneSatisfy(line -> assertThat(line).contains("refused"));
        assertThat(pipeline.tables().nonZeroTotals())
                .as("A ends at 200 on item3; B's 1 and C's 2 on item2")
                .isEqualTo(Map.of("2026-11-25|item3", 200L, "2026-11-25|item2", 3L));
        assertThat(pipeline.tables().quarantine()).isEmpty();
    }

    /** A hand edit of the entry's contribution: the source document's aggregation counting {@code quantity}. */
    private void setLedgerQuantity(String orderId, String quantity) {
        AttributeValue part = AttributeValue.fromM(Map.of(
                LedgerItem.PART_KEY,
                AttributeValue.fromL(
                        List.of(AttributeValue.fromS(DAY.substring(0, 10)), AttributeValue.fromS("item1"))),
                LedgerItem.PART_MEASURES,
                AttributeValue.fromM(Map.of("quantity", AttributeValue.fromN(quantity)))));
        pipeline.dynamo()
                .updateItem(request -> request.tableName(pipeline.tables().ledger())
                        .key(LedgerTable.key(orderId))
                        // Whoever edits the contribution drops the digest too (else the function, which trusts the
                        // digest and reads nothing, would overwrite the edit): the next write reads the entry.
                        .updateExpression("SET #c = :c REMOVE #d")
                        .expressionAttributeNames(Map.of("#c", LedgerItem.CONTRIBUTIONS, "#d", LedgerItem.DIGEST))
                        .expressionAttributeValues(
                                Map.of(":c", AttributeValue.fromM(Map.of(Aggregation.ORDER_TOTALS, part)))));
    }

    private static String sequenceOf(List<Record> batch, String orderId) {
        return batch.stream()
                .filter(record -> record.dynamodb().keys().get("order_id").s().equals(orderId))
                .findFirst()
                .orElseThrow()
                .dynamodb()
                .sequenceNumber();
    }
}
