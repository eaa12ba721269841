package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.testkit.LedgerExpectations;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.FaultyDynamoDb.When;
import dev.ordertotals.testsupport.LocalPipeline;
import dev.ordertotals.testsupport.TestContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Every delivery Lambda can make, against the real engine: duplicates, crashes between commits, timeouts that
 * hid a success, retries from a reported record, batches that grow, shrink or start in the middle of what was
 * already applied. After each, every total is exact.
 */
class ExactlyOnceDeliveryTest {

    private static final String DAY = "2026-11-25T08:00:00Z";
    /** At most 4 actions: two orders (ledger entry + total each) per transaction, three commits per batch. */
    private static final CommitSettings TWO_RECORDS_PER_TRANSACTION =
            CommitSettings.defaults().withMaxActionsPerTransaction(4);

    private static final Function<Integer, RuntimeException> TIMEOUT =
            call -> SdkClientException.create("simulated timeout on call " + call);
    private static final Function<Integer, RuntimeException> CRASH = call -> {
        throw new SimulatedCrash();
    };

    private LocalPipeline pipeline;
    private List<Record> records;
    private Map<String, Long> expected;

    /** A process dying mid-invocation (an Error, as an out-of-memory would be): nothing in the handler catches it. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    @BeforeEach
    void sixOrdersOnThreeItems() {
        pipeline = LocalPipeline.create();
        for (int order = 1; order <= 6; order++) {
            pipeline.tables().putOrder("o" + order, DAY, "item" + (order % 3), order);
        }
        records = pipeline.newRecords();
        expected = Map.of("2026-11-25|item0", 9L, "2026-11-25|item1", 5L, "2026-11-25|item2", 7L);
    }

    @Test
    void aBatchDeliveredTwiceIsCountedOnce() {
        BatchProcessor handler = Processors.over(pipeline);
        pipeline.deliver(handler, records);
        TestContext second = TestContext.withPlentyOfTime();

        StreamsEventResponse response = pipeline.deliver(handler, records, second);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
        assertThat(second.logLines())
                .anySatisfy(line -> assertThat(line).contains("applied=0", "duplicates=6", "transactions=0"));
    }

    @Test
    void aCrashAfterTheFirstOfSeveralCommitsThenAFullRedeliveryIsExact() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(pipeline.dynamo()).failCall(2, When.BEFORE, CRASH);
        assertThatThrownBy(
                        () -> pipeline.deliver(Processors.over(pipeline, faulty, TWO_RECORDS_PER_TRANSACTION), records))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(pipeline.tables().nonZeroTotals())
                .as("only the first commit landed")
                .hasSize(2);

        pipeline.deliver(Processors.over(pipeline, pipeline.dynamo(), TWO_RECORDS_PER_TRANSACTION), records);

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
    }

    @Test
    void aTimeoutThatHidASuccessfulCommitIsNotCountedAgainOnRetry() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(pipeline.dynamo()).failCall(1, When.AFTER, TIMEOUT);
        BatchProcessor handler = Processors.over(pipeline, faulty, CommitSettings.defaults());

        StreamsEventResponse first = pipeline.deliver(handler, records);
        assertThat(first.getBatchItemFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo(sequenceNumber(0)));
        pipeline.deliver(handler, records);

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
    }

    @Test
    void aTransientFailureMidBatchReportsTheFirstUncommittedRecordAndTheRetryFromThereIsExact() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(pipeline.dynamo()).failCall(3, When.BEFORE, TIMEOUT);
        BatchProcessor handler = Processors.over(pipeline, faulty, TWO_RECORDS_PER_TRANSACTION);
        TestContext context = TestContext.withPlentyOfTime();

        StreamsEventResponse response = pipeline.deliver(handler, records, context);

        assertThat(response.getBatchItemFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo(sequenceNumber(4)));
        assertThat(context.logLines())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("ERROR Batch")
                        .contains("applied=4", "notAttempted=2", "retryFrom=" + sequenceNumber(4)));
        assertThat(faulty.transactionCalls())
                .as("records after the failure are not attempted")
                .isEqualTo(3);

        pipeline.deliver(handler, records.subList(4, records.size()));

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
    }

    @Test
    void aBatchDeliveredAgainWithMoreRecordsAppendedCountsOnlyTheNewOnes() {
        pipeline.deliver(Processors.over(pipeline), records.subList(0, 4));

        pipeline.deliver(Processors.over(pipeline), records);

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
    }

    @Test
    void aShorterRedeliveryThenABatchStartingInTheMiddleOfAppliedRecordsIsExact() {
        // Bisect-on-error: the whole batch was applied, Lambda split it anyway and retries the halves,
        // and the next batch starts inside what was already applied.
        pipeline.deliver(Processors.over(pipeline), records.subList(0, 4));
        pipeline.deliver(Processors.over(pipeline), records.subList(0, 2));
        pipeline.deliver(Processors.over(pipeline), records.subList(1, 3));

        pipeline.deliver(Processors.over(pipeline), records.subList(3, 6));

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
    }

    @Test
    void aRecreatedMappingReReadingTheWholeStreamWithOtherBatchBoundariesChangesNothing() {
        pipeline.drain(Processors.over(pipeline), 2);
        Map<String, Long> before = pipeline.tables().totalsByKey();

        BatchProcessor handler = Processors.over(pipeline);
        for (int start = 0; start < records.size(); start += 3) {
            pipeline.deliver(handler, records.subList(start, Math.min(start + 3, records.size())));
        }

        assertThat(before).isEqualTo(expected);
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
    }

    @Test
    void transactionConflictsAreRetriedAndCountedOnce() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(pipeline.dynamo())
                .failCall(1, When.BEFORE, ExactlyOnceDeliveryTest::conflict)
                .failCall(2, When.BEFORE, ExactlyOnceDeliveryTest::conflict);

        StreamsEventResponse response =
                pipeline.deliver(Processors.over(pipeline, faulty, CommitSettings.defaults()), records);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(faulty.transactionCalls()).isEqualTo(3);
        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
    }

    @Test
    void conflictsBeyondTheRetriesReportTheBatchForRetryAndWriteNothing() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(pipeline.dynamo());
        for (int call = 1; call <= 10; call++) {
            faulty.failCall(call, When.BEFORE, ExactlyOnceDeliveryTest::conflict);
        }

        StreamsEventResponse response =
                pipeline.deliver(Processors.over(pipeline, faulty, CommitSettings.defaults()), records);

        assertThat(response.getBatchItemFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo(sequenceNumber(0)));
        assertThat(pipeline.tables().totalsByKey()).isEmpty();
    }

    @Test
    void tooLittleTimeLeftStopsBeforeTheNextTransaction() {
        TestContext almostOutOfTime = new TestContext(() -> 1_000);

        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), records, almostOutOfTime);

        assertThat(response.getBatchItemFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo(sequenceNumber(0)));
        assertThat(pipeline.tables().totalsByKey()).isEmpty();
        assertThat(almostOutOfTime.logLines())
                .anySatisfy(line -> assertThat(line).contains("too little time left"));
    }

    @Test
    void aLargeBatchIsSplitIntoTransactionsWithinDynamoDbsActionLimit() {
        for (int order = 100; order < 260; order++) {
            pipeline.tables().putOrder("o" + order, DAY, "item" + order, 1);
        }
        FaultyDynamoDb counting = new FaultyDynamoDb(pipeline.dynamo());

        pipeline.deliver(Processors.over(pipeline, counting, CommitSettings.defaults()), pipeline.allRecords());

        assertThat(counting.actionsPerCall())
                .hasSize(4)
                .allSatisfy(actions -> assertThat(actions).isLessThanOrEqualTo(100));
        assertThat(pipeline.tables().nonZeroTotals()).hasSize(3 + 160);
    }

    @Test
    void anOrderDynamoDbRefusesIsParkedWithItsReasonAndEveryOtherOrderCommits() {
        String refusedEvent = records.get(1).eventID();
        FaultyDynamoDb refusing = new FaultyDynamoDb(pipeline.dynamo())
                .refuse(request -> request.transactItems().stream()
                        .anyMatch(item ->
                                item.update() != null && item.update().key().equals(LedgerTable.key("o2"))));

        StreamsEventResponse response =
                pipeline.deliver(Processors.over(pipeline, refusing, CommitSettings.defaults()), records);

        assertThat(response.getBatchItemFailures())
                .as("one refused record never blocks its shard")
                .isEmpty();
        assertThat(pipeline.tables().totalsByKey())
                .as("every order but the refused one (o2: item2 += 2) is counted")
                .isEqualTo(Map.of("2026-11-25|item0", 9L, "2026-11-25|item1", 5L, "2026-11-25|item2", 5L));
        assertThat(pipeline.tables().quarantine()).singleElement().satisfies(entry -> {
            assertThat(entry.get(LedgerItem.QUARANTINE_KIND).s()).isEqualTo(LedgerItem.REFUSED);
            assertThat(entry.get(LedgerItem.QUARANTINE_EVENT).s()).isEqualTo(refusedEvent);
            assertThat(entry.get(LedgerItem.QUARANTINE_REASON).s())
                    .startsWith("refused by DynamoDB: transaction refused: [");
            assertThat(entry)
                    .as("the ledger still counts nothing for o2, like the totals")
                    .doesNotContainKey(LedgerItem.CONTRIBUTIONS);
        });
    }

    @Test
    void aRedeliveredFirstRecordOfAnABASequenceIsNotCountedAgain() {
        pipeline.drain(Processors.over(pipeline), 10);
        pipeline.tables().putOrder("o1", DAY, "item9", 1); // A -> B
        Record toB = pipeline.newRecords().getFirst();
        pipeline.deliver(Processors.over(pipeline), List.of(toB));
        pipeline.tables().putOrder("o1", DAY, "item1", 1); // B -> A
        pipeline.drain(Processors.over(pipeline), 10);

        StreamsEventResponse response = pipeline.deliver(Processors.over(pipeline), List.of(toB));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pipeline.tables().nonZeroTotals()).isEqualTo(expected);
        assertThat(LedgerEntry.from(pipeline.tables().ledgerItem("o1")).contribution())
                .isEqualTo(LedgerExpectations.counted("2026-11-25", "item1", 1));
    }

    @Test
    void aChangeToAnOrderThatExistedBeforeTheStreamCountsItsNewImageOnly() {
        // o1..o6 existed before the function saw anything: their INSERT records are never delivered.
        pipeline.tables().putOrder("o4", DAY, "item1", 10);
        Record change = pipeline.newRecords().getLast();

        pipeline.deliver(Processors.over(pipeline), List.of(change));

        assertThat(pipeline.tables().nonZeroTotals())
                .as("the ledger knew nothing of o4: its whole new image counts")
                .isEqualTo(Map.of("2026-11-25|item1", 10L));
    }

    @Test
    void anUnexpectedErrorIsReportedForRetryInsteadOfFailingTheInvocation() {
        FaultyDynamoDb faulty = new FaultyDynamoDb(pipeline.dynamo())
                .failCall(1, When.BEFORE, call -> new IllegalStateException("a bug"));

        StreamsEventResponse response =
                pipeline.deliver(Processors.over(pipeline, faulty, CommitSettings.defaults()), records);

        assertThat(response.getBatchItemFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo(sequenceNumber(0)));
        assertThat(pipeline.tables().totalsByKey()).isEmpty();
    }

    private String sequenceNumber(int index) {
        return records.get(index).dynamodb().sequenceNumber();
    }

    private static RuntimeException conflict(int call) {
        return TransactionCanceledException.builder()
                .message("Transaction cancelled (simulated conflict on call " + call + ")")
                .cancellationReasons(
                        CancellationReason.builder().code("TransactionConflict").build())
                .build();
    }
}
