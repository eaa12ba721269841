package dev.ordertotals.operator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.eventsource.EventSourceEmulator;
import dev.ordertotals.localengine.eventsource.EventSourceSettings;
import dev.ordertotals.localengine.eventsource.Faults;
import dev.ordertotals.localengine.eventsource.LambdaFunction;
import dev.ordertotals.localengine.eventsource.OnFailureMessage;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.reconcile.Reconciler;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.operator.testkit.ThreeAggregations;
import dev.ordertotals.operator.verify.TotalsVerifier;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.ExampleAggregations;
import dev.ordertotals.testsupport.InProcessHandler;
import dev.ordertotals.testsupport.LocalTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code replay} applies what the event source gave up on exactly once. The failures are real: the emulator
 * gives up on batches whose first record the handler had already committed before the invocation failed
 * (a crash or timeout after a commit), and sends Lambda's on-failure metadata to the queue.
 */
class ReplayCommandTest {

    private static final String DAY = "2026-11-25T10:00:00Z";

    private LocalTables tables;

    @BeforeEach
    void createTables() {
        tables = LocalTables.create();
    }

    @Test
    void aFailedBatchWhoseFirstRecordWasAlreadyCommittedIsAppliedExactlyOnce() {
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item123", 30);
        tables.putOrder("3", DAY, "item312", 10);
        tables.putOrder("4", DAY, "item312", 30);
        tables.putOrder("1", DAY, "item123", 15);
        tables.deleteOrder("3");
        giveUpOnEveryBatchAfterCommittingItsFirstRecord(3);
        assertThat(queueDepth()).isEqualTo(2);
        assertThat(new TotalsVerifier(tables.dynamo(), 2)
                        .verify(tables.orders(), tables.totals())
                        .exact())
                .isFalse();

        Cli.Result result = replay();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("3 records): 2 applied, 1 already applied before", "2 message(s) applied and deleted, 0 left")
                .contains("then reconciled the 3 order(s) it touched")
                .doesNotContain("the 6 order(s)");
        Operations.assertExact(tables);
        assertThat(queueDepth()).isZero();

        Cli.Result again = replay();

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("0 message(s) applied and deleted, 0 left");
    }

    @Test
    void aRangeIsAppliedToEveryAggregationTheFunctionRuns() {
        ThreeAggregations pipeline = new ThreeAggregations(tables, ExampleAggregations.create(tables));
        pipeline.withOrders();
        List<Record> records = tables.streamRecords();
        Operations.sendOnFailure(tables, tables, records.getFirst(), records.getLast(), records.size());

        Cli.Result result = replay(pipeline.option());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("(4 records): 3 applied, 0 already applied before, 1 quarantined")
                .contains("Replay (aggregations daily_item_quantity, monthly_item_quantity, daily_noted_orders):"
                        + " 1 message(s) applied and deleted, 0 left in the queue.");
        Operations.assertExact(tables, pipeline.all());
    }

    @Test
    void aRangeAToBToAReplayedAfterANewerRecordIsReconciledToTheOrdersCurrentImage() {
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("1", DAY, "item312", 20);
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("1", DAY, "item123", 30);
        List<Record> records = tables.streamRecords();
        assertThat(records).hasSize(4);
        // The function applied the first and the last record; the event source gave up on the two between.
        Operations.commit(tables, records.subList(0, 1));
        Operations.commit(tables, records.subList(3, 4));
        sendOnFailure(records.get(1), records.get(2));

        Cli.Result result = replay();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "(2 records): 2 applied, 0 already applied before",
                        "reconciled order 1: ledger says daily_item_quantity(2026-11-25, item123): quantity 10, order says daily_item_quantity(2026-11-25, item123): quantity 30; "
                                + "totals moved: daily_item_quantity(2026-11-25, item123): quantity +20",
                        "then reconciled the 1 order(s) it touched (a record applied late leaves its order's ledger entry at an older image): 1 corrected",
                        "1 message(s) applied and deleted, 0 left");
        Operations.assertExact(tables);
    }

    @Test
    void anOlderRecordReplayedAfterANewerOneWasParkedKeepsTheNoteAndTheMessageUntilTheOrderIsReconciled() {
        tables.putOrder("1", DAY, "item123", 10);
        Operations.commit(tables, tables.streamRecords());
        tables.putTotal("2026-11-25", "item312", AttributeValue.fromS("seven")); // corrupt: every ADD to it is refused
        tables.putOrder("1", DAY, "item123", 12); // r1: the event source gives up on it
        tables.putOrder("1", DAY, "item312", 7); // r2: refused (its total is corrupt), parked on the entry
        List<Record> records = tables.streamRecords();
        Record r1 = records.get(1);
        Record r2 = records.get(2);
        assertThat(Operations.commit(tables, List.of(r2)).quarantined()).isEqualTo(1);
        assertThat(tables.quarantine()).singleElement().satisfies(entry -> assertParked(entry, r2));
        String body = sendOnFailure(r1, r1);

        Cli.Result result = replay();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .as(result.toString())
                .contains(
                        "NOT RECONCILED order 1: DynamoDB refused the correction",
                        "could not be reconciled",
                        "0 message(s) applied and deleted, 1 left");
        assertThat(messagesInQueue()).as("kept: its order is not reconciled").isEqualTo(1);
        assertThat(tables.quarantine())
                .as("the older record never clears the newer record's note")
                .singleElement()
                .satisfies(entry -> assertParked(entry, r2));

        // The cause fixed (the total set back to its ledger sum, 0), the same message is applied and reconciled.
        tables.putTotal("2026-11-25", "item312", AttributeValue.fromN("0"));
        Replayer.MessageOutcome again = new Replayer(
                        tables.streams(),
                        tables.sqs(),
                        Operations.committer(tables),
                        orders -> Operations.reconciler(tables, Reconciler.Listener.NONE))
                .replay(Message.builder().messageId("m1").body(body).build());

        assertThat(again).isInstanceOfSatisfying(Replayer.MessageOutcome.Applied.class, applied -> {
            assertThat(applied.report().duplicates()).isEqualTo(1);
            assertThat(applied.reconciled().corrected()).isEqualTo(1);
            assertThat(applied.reconciled().failed()).isZero();
        });
        assertThat(tables.quarantine()).isEmpty();
        Operations.assertExact(tables);
    }

    private static void assertParked(Map<String, AttributeValue> entry, Record record) {
        assertThat(entry.get(LedgerItem.QUARANTINE_KIND).s()).isEqualTo(LedgerItem.REFUSED);
        assertThat(entry.get(LedgerItem.QUARANTINE_EVENT).s()).isEqualTo(record.eventID());
    }

    @Test
    void aRangeNoLongerInTheStreamIsReportedAndItsMessageKept() {
        // DynamoDB Streams answers a range past its 24-hour retention with TrimmedDataAccessException; the local
        // engine never trims, so its streams client is given that answer here.
        tables.putOrder("1", DAY, "item123", 10);
        Record record = tables.streamRecords().getFirst();
        sendOnFailure(record, record);
        DynamoDbStreamsClient trimmed = new DynamoDbStreamsClient() {
            @Override
            public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
                throw TrimmedDataAccessException.builder()
                        .message("The operation attempted to access a trimmed record")
                        .build();
            }

            @Override
            public String serviceName() {
                return tables.streams().serviceName();
            }

            @Override
            public void close() {}
        };

        List<Replayer.MessageOutcome> outcomes = new Replayer(
                        trimmed,
                        tables.sqs(),
                        Operations.committer(tables),
                        orders -> Operations.reconciler(tables, Reconciler.Listener.NONE))
                .replayAll(tables.queueUrl(), outcome -> {});

        assertThat(outcomes)
                .singleElement()
                .satisfies(outcome -> assertThat(ReplayCommand.describe(outcome))
                        .contains("EXPIRED", "is past the stream's 24-hour retention", "kept", "Run `reconcile`"));
        assertThat(messagesInQueue()).isEqualTo(1);
    }

    @Test
    void aMessageThatIsNotAStreamFailureIsLeftAlone() {
        tables.sqs().sendMessage(request -> request.queueUrl(tables.queueUrl()).messageBody("{\"hello\": 1}"));

        Cli.Result result = replay();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("SKIPPED", "no DDBStreamBatchInfo");
    }

    @Test
    void aRerunSeesAtOnceTheMessagesTheFirstRunKept() {
        tables.sqs().sendMessage(request -> request.queueUrl(tables.queueUrl()).messageBody("{\"hello\": 1}"));
        assertThat(replay().out()).contains("0 message(s) applied and deleted, 1 left in the queue.");

        Cli.Result again = replay();

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.out()).contains("SKIPPED", "0 message(s) applied and deleted, 1 left in the queue.");
    }

    @Test
    void messagesAnotherRunHoldsAreReportedInFlightNeverAsAnEmptyQueue() {
        tables.putOrder("1", DAY, "item123", 10);
        List<Record> records = tables.streamRecords();
        sendOnFailure(records.getFirst(), records.getLast());
        // Another replay (or one killed a moment ago) has received it: hidden from this run for 5 minutes.
        assertThat(tables.sqs()
                        .receiveMessage(
                                request -> request.queueUrl(tables.queueUrl()).visibilityTimeout(300))
                        .messages())
                .hasSize(1);

        Cli.Result result = replay();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains("Replay: 0 message(s) applied and deleted, 1 left in the queue: 1 of them in flight, received"
                        + " by another replay still running or by one that stopped less than 5 minutes ago; run replay"
                        + " again when it is done, or in 5 minutes.")
                .doesNotContain("0 left");
    }

    @Test
    void aMessageWithANonNumericSequenceNumberIsKeptAndTheMessagesAfterItAreApplied() {
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item123", 30);
        List<Record> records = tables.streamRecords();
        String shard = tables.stream().shards().getFirst().shardId();
        OnFailureMessage unreadable = new OnFailureMessage(
                "r0",
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                "RetryAttemptsExhausted",
                3,
                Optional.of("Unhandled"),
                Instant.now(),
                new OnFailureMessage.BatchInfo(shard, "abc", "abd", null, null, 2, tables.streamArn()));
        tables.sqs().sendMessage(request -> request.queueUrl(tables.queueUrl()).messageBody(unreadable.toJson()));
        sendOnFailure(records.getFirst(), records.getLast());

        Cli.Result result = replay();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains(
                        "SKIPPED  message ",
                        ": startSequenceNumber 'abc' is not a sequence number (decimal digits); kept.",
                        "(2 records): 2 applied",
                        "Replay: 1 message(s) applied and deleted, 1 left in the queue.");
        assertThat(result.err()).isEmpty();
        Operations.assertExact(tables);
    }

    /** Sends Lambda's on-failure message for this range; returns its body. */
    private String sendOnFailure(Record first, Record last) {
        return Operations.sendOnFailure(tables, tables, first, last, 2);
    }

    /** The emulator over a function that commits the first record of each batch, then fails; no retries. */
    private void giveUpOnEveryBatchAfterCommittingItsFirstRecord(int batchSize) {
        InProcessHandler handler = new InProcessHandler(Operations.processor(tables));
        LambdaFunction commitsFirstThenFails = new LambdaFunction() {
            @Override
            public Invocation invoke(String eventJson) {
                handler.invoke(firstRecordOnly(eventJson));
                return new Invocation.Error("Sandbox.Timedout", "Task timed out after 60 seconds");
            }

            @Override
            public void close() {}
        };
        EventSourceSettings settings = new EventSourceSettings(
                tables.streamArn(),
                batchSize,
                false,
                0,
                Optional.empty(),
                true,
                false,
                Optional.of(tables.queueUrl()),
                "arn:aws:lambda:us-east-1:123456789012:function:test",
                EventSourceSettings.Timings.fast());
        EventSourceEmulator emulator = new EventSourceEmulator(
                settings, tables.stream(), tables.sqs(), commitsFirstThenFails, Faults.NONE, line -> {});
        while (emulator.pollOnce()) {
            // until every batch is given up on
        }
    }

    private static String firstRecordOnly(String eventJson) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(eventJson);
            ArrayNode records = (ArrayNode) event.get("Records");
            while (records.size() > 1) {
                records.remove(records.size() - 1);
            }
            return event.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int queueDepth() {
        return Integer.parseInt(tables.sqs()
                .getQueueAttributes(request -> request.queueUrl(tables.queueUrl())
                        .attributeNamesWithStrings(
                                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings()
                .get("ApproximateNumberOfMessages"));
    }

    /** Messages in the queue, visible or received and not deleted (in flight). */
    private int messagesInQueue() {
        Map<String, String> attributes = tables.sqs()
                .getQueueAttributes(request -> request.queueUrl(tables.queueUrl())
                        .attributeNamesWithStrings(
                                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private Cli.Result replay(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "replay",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--queue-url=" + tables.queueUrl(),
                "--totals-table=" + tables.totals(),
                "--state-table=" + tables.ledger()));
        args.addAll(List.of(more));
        return Cli.run(OperatorCli.commandLine(), args.toArray(String[]::new));
    }
}
