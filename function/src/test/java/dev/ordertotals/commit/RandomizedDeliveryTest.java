package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.testkit.LedgerExpectations;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.ExampleAggregations;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.FaultyDynamoDb.When;
import dev.ordertotals.testsupport.LocalPipeline;
import dev.ordertotals.testsupport.LocalTables;
import dev.ordertotals.testsupport.RandomOrderWrites;
import dev.ordertotals.testsupport.TestContext;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Thousands of random order operations (inserts, quantity changes, moves across days and items, deletes,
 * about 5% malformed), delivered by a simulated event source that misbehaves the ways Lambda can: whole-batch
 * duplicates, crashes between commits, timeouts hiding successes, transient failures answered by retries from
 * the reported record, bisected retries, a re-created mapping re-reading from an earlier point with other batch
 * sizes. The function keeps three aggregations ({@link ExampleAggregations}: the source document's sum per day and
 * item, a monthly sum per item, a daily count of the orders with a note). At the end every aggregation's totals equal
 * a recomputation from a scan of the orders table, and the quarantine holds exactly the malformed records. The orders include those at DynamoDB's limits ({@link
 * RandomOrderWrites#atDynamoDbsLimits}): ids of 2,048 bytes full of separators, an order changed 200 times in a
 * row, images nested 32 levels deep, quantities near 10^15.
 *
 * <p>Two rounds of 1,500 operations, each on fresh tables: one ends with a re-read in small batches, the other in
 * batches of 1,000, so each way a re-created mapping can re-read is tried once per build. Rounds used to be 500
 * operations because plain moto copies a whole table for every action of a transaction; the local engine backs up
 * only the items a transaction touches, so a round's cost now grows with its length, not its square. More rounds
 * find nothing new per build that a new seed on the next build does not: the seed changes every run.
 * Reproduce a failing round with {@code -Drandomized.seed=<seed printed in the failure>}; change the size with
 * {@code -Drandomized.operations=N} (per round).
 */
class RandomizedDeliveryTest {

    private static final int ORDERS = 150;
    private static final List<String> DAYS =
            List.of("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25");
    private static final int ITEMS = 8;
    private static final Function<Integer, RuntimeException> TIMEOUT =
            call -> SdkClientException.create("simulated timeout");

    private static final long BASE_SEED = Long.getLong("randomized.seed", System.nanoTime());

    private long seed;
    private int round;
    private final int operations = Integer.getInteger("randomized.operations", 1500);
    private Random random;
    private LocalPipeline pipeline;
    private Aggregations aggregations;
    private Map<String, String> environment;

    @BeforeEach
    void freshRound(RepetitionInfo repetition) {
        round = repetition.getCurrentRepetition();
        seed = BASE_SEED + round - 1;
        random = new Random(seed);
        pipeline = LocalPipeline.create();
        ExampleAggregations examples = ExampleAggregations.create(pipeline.tables());
        aggregations = Aggregations.of(examples.all());
        environment = examples.functionEnvironment(examples.all());
    }

    @RepeatedTest(value = 2, name = "round {currentRepetition} of {totalRepetitions}")
    void totalsStayExactUnderEveryKindOfRedelivery() {
        String context = "seed " + seed + " (rerun with -Drandomized.seed=" + seed + ")";
        writeRandomOperations();
        List<Record> records = pipeline.allRecords();

        deliverMisbehaving(records);
        // Finally, a re-created mapping reads everything again from TRIM_HORIZON with other boundaries: small batches,
        // or in every other round batches of 1,000, where one order's burst of changes arrives whole.
        deliverWellBehaved(records, round % 2 == 0 ? 1_000 : 7);

        LocalTables tables = pipeline.tables();
        assertThat(LedgerExpectations.nonZeroTotals(tables, aggregations))
                .as(context + ": every aggregation's totals")
                .isEqualTo(LedgerExpectations.totalsFromOrders(tables, aggregations));
        assertThat(LedgerExpectations.ledgerContributions(tables))
                .as(context + ": the ledger counts what the orders table holds")
                .isEqualTo(LedgerExpectations.orderContributions(tables, aggregations));
        assertThat(LedgerExpectations.quarantinedOrders(tables))
                .as(context + ": the quarantine holds exactly the malformed orders")
                .isEqualTo(LedgerExpectations.malformedOrders(tables, aggregations));
    }

    private void writeRandomOperations() {
        RandomOrderWrites writes =
                new RandomOrderWrites(seed * 31 + 7, pipeline.tables(), ORDERS, DAYS, ITEMS).atDynamoDbsLimits();
        for (int operation = 0; operation < operations; operation++) {
            writes.write(operation);
        }
    }

    /** A misbehaving event source: random batch sizes, faults, duplicates, bisects and rewinds. */
    private void deliverMisbehaving(List<Record> records) {
        int position = 0;
        while (position < records.size()) {
            int size = 1 + random.nextInt(10);
            List<Record> batch = records.subList(position, Math.min(position + size, records.size()));
            CommitSettings settings = CommitSettings.defaults().withMaxActionsPerTransaction(4 + random.nextInt(3) * 8);
            FaultyDynamoDb client = new FaultyDynamoDb(pipeline.dynamo());
            int dice = random.nextInt(100);
            if (dice < 5) {
                client.failCall(1 + random.nextInt(3), When.BEFORE, call -> {
                    throw new SimulatedCrash();
                });
            } else if (dice < 10) {
                client.failCall(1 + random.nextInt(3), When.AFTER, TIMEOUT);
            } else if (dice < 15) {
                client.failCall(1 + random.nextInt(3), When.BEFORE, TIMEOUT);
            }
            BatchProcessor handler = Processors.over(environment, client, settings);
            StreamsEventResponse response;
            try {
                response = pipeline.deliver(handler, batch);
            } catch (SimulatedCrash crash) {
                if (settingsBisect() && batch.size() > 1) {
                    // Bisect-on-error: Lambda retries a failed, partly committed batch as two halves.
                    int half = batch.size() / 2;
                    pipeline.deliver(processor(), batch.subList(0, half));
                    pipeline.deliver(processor(), batch.subList(half, batch.size()));
                    position += batch.size();
                }
                continue; // otherwise Lambda retries the whole batch
            }
            if (!response.getBatchItemFailures().isEmpty()) {
                position += LocalPipeline.indexOf(
                        batch, response.getBatchItemFailures().getFirst().getItemIdentifier());
                continue;
            }
            if (dice < 20) {
                pipeline.deliver(processor(), batch); // duplicate delivery
            } else if (dice < 25 && batch.size() > 1) {
                int half = batch.size() / 2; // bisect-on-error retrying the halves of an applied batch
                pipeline.deliver(processor(), batch.subList(0, half));
                pipeline.deliver(processor(), batch.subList(half, batch.size()));
            } else if (dice < 27) {
                position = Math.max(0, position - random.nextInt(60)); // a re-created mapping re-reading
                continue;
            }
            position += batch.size();
        }
    }

    /** The function's batch path with the three aggregations, no faults. */
    private BatchProcessor processor() {
        return Processors.over(environment, pipeline.dynamo(), CommitSettings.defaults());
    }

    /** Half the crashes are answered by bisecting, as with {@code bisectOnError} on; the rest by a whole retry. */
    private boolean settingsBisect() {
        return random.nextBoolean();
    }

    /** A process dying mid-invocation: an Error, which the handler does not catch. */
    private static final class SimulatedCrash extends Error {}

    private void deliverWellBehaved(List<Record> records, int batchSize) {
        BatchProcessor handler = processor();
        for (int start = 0; start < records.size(); start += batchSize) {
            TestContext context = TestContext.withPlentyOfTime();
            StreamsEventResponse response = pipeline.deliver(
                    handler, records.subList(start, Math.min(start + batchSize, records.size())), context);
            assertThat(response.getBatchItemFailures())
                    .as("seed %d: %s", seed, context.logLines())
                    .isEmpty();
        }
    }
}
