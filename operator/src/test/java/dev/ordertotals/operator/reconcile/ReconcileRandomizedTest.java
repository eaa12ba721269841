package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.ImageReading;
import dev.ordertotals.aggregation.OrderRules;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.stream.OrderImages;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.FaultyDynamoDb.When;
import dev.ordertotals.testsupport.LocalPipeline;
import dev.ordertotals.testsupport.LocalTables;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The randomized delivery test, with everything the ledger is for at once: orders that exist before the stream is
 * read (their records are never delivered), live writes (inserts, changes, moves, deletes, malformed orders,
 * {@code A → B → A}) on one thread, an adversarial event source on another (duplicates, crashes after a committed
 * prefix, lost acknowledgements, bisects, rewinds, batches given up on and never delivered), a reconcile running
 * beside both, and a total corrupted mid-run. After the writes stop: the corrupt total is fixed by hand to what the
 * ledger says it should be, the stream is drained, and a second reconcile heals the given-up records and the parked
 * ones. Then the totals equal a recomputation from a scan of the orders, every ledger entry its order, and the
 * quarantine the malformed orders.
 *
 * <p>Reproduce a failing round with {@code -Drandomized.seed=<seed printed in the failure>}.
 */
class ReconcileRandomizedTest {

    private static final int EXISTING = 120;
    private static final int LIVE_OPERATIONS = 900;
    private static final int ORDERS = 160;
    private static final String[] DAYS = {"2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"};
    private static final long BASE_SEED = Long.getLong("randomized.seed", System.nanoTime());

    private long seed;
    private Random writes;
    private Random delivery;
    private LocalPipeline pipeline;
    private final Map<String, Map<String, AttributeValue>> current = new HashMap<>();

    @BeforeEach
    void freshRound(RepetitionInfo repetition) {
        seed = BASE_SEED + repetition.getCurrentRepetition() - 1;
        writes = new Random(seed);
        delivery = new Random(seed * 31 + 7);
        pipeline = LocalPipeline.create();
    }

    @RepeatedTest(value = 2, name = "round {currentRepetition} of {totalRepetitions}")
    void backfillLiveWritesAdversarialDeliveryAndRepairEndExact() throws Exception {
        String context = "seed " + seed + " (rerun with -Drandomized.seed=" + seed + ")";
        for (int operation = 0; operation < EXISTING; operation++) {
            writeRandomOperation(operation);
        }
        pipeline.skipToEnd(); // a new mapping on an existing table starts at LATEST

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform()
                .name("writer")
                .start(() -> guard(failure, () -> {
                    for (int operation = 0; operation < LIVE_OPERATIONS; operation++) {
                        writeRandomOperation(EXISTING + operation);
                        if (operation == LIVE_OPERATIONS / 3) {
                            corruptATotal();
                        }
                    }
                    writing.set(false);
                }));
        Thread events = Thread.ofPlatform()
                .name("event-source")
                .start(() -> guard(failure, () -> {
                    while (writing.get() || !pipeline.newRecords().isEmpty()) {
                        deliverMisbehaving(pipeline.newRecords());
                    }
                }));
        Reconciler.Result concurrent = reconciler().run(ReconcileCheckpoint.none(3));
        writer.join();
        events.join();
        assertThat(failure.get()).as(context).isNull();
        assertThat(concurrent.corrected())
                .as(context + ": the concurrent reconcile backfilled existing orders")
                .isPositive();

        fixCorruptTotalsByHand();
        Reconciler.Result repair = reconciler().run(ReconcileCheckpoint.none(3));

        assertThat(repair.failed()).as(context).isZero();
        LocalTables tables = pipeline.tables();
        // verify's three levels: totals against the orders (recomputed with the function's rules), and the ledger.
        assertThatCode(() -> Operations.assertExact(tables)).as(context).doesNotThrowAnyException();
        // Every quarantine kind: a parked (refused) record must be gone once its cause is fixed and reconcile has run.
        assertThat(quarantinedOrders(tables))
                .as(context + ": the quarantine holds exactly the malformed orders")
                .isEqualTo(malformedOrders(tables));
    }

    private static Set<String> quarantinedOrders(LocalTables tables) {
        return tables.quarantine().stream()
                .map(item -> item.get(LedgerItem.ORDER_KEY)
                        .m()
                        .get(OrdersItem.ORDER_ID)
                        .s())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> malformedOrders(LocalTables tables) {
        return tables.scan(tables.orders()).stream()
                .filter(item -> OrderRules.read(OrderImages.of(item)) instanceof ImageReading.Invalid)
                .map(item -> item.get(OrdersItem.ORDER_ID).s())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // --- the three actors ----------------------------------------------------------------------------------------

    private void writeRandomOperation(int operation) {
        String orderId = "o" + writes.nextInt(ORDERS);
        Map<String, AttributeValue> order = current.get(orderId);
        int dice = writes.nextInt(100);
        if (order == null) {
            order = dice < 5 ? malformedOrder(orderId) : validOrder(orderId);
        } else if (dice < 15) {
            pipeline.tables().deleteOrder(orderId);
            current.remove(orderId);
            return;
        } else if (dice < 40) {
            order = with(order, "quantity", AttributeValue.fromN(Integer.toString(1 + writes.nextInt(50))));
        } else if (dice < 55) {
            order = with(order, "order_date", AttributeValue.fromS(randomDate()));
        } else if (dice < 70) {
            order = with(order, "item_id", AttributeValue.fromS(randomItem()));
        } else if (dice < 75) {
            order = malformedOrder(orderId);
        } else if (dice < 85) {
            // A -> B -> A: a change and its undo, back to back.
            pipeline.tables().putOrder(with(order, "item_id", AttributeValue.fromS("detour")));
        } else if (dice < 95) {
            order = validOrder(orderId);
        } else {
            order = with(order, "note", AttributeValue.fromS("note " + operation));
        }
        pipeline.tables().putOrder(order);
        current.put(orderId, order);
    }

    /** Lambda's event source on a bad day; about 3% of batches are given up on and never delivered. */
    private void deliverMisbehaving(List<Record> records) {
        int position = 0;
        while (position < records.size()) {
            List<Record> batch =
                    records.subList(position, Math.min(position + 1 + delivery.nextInt(10), records.size()));
            CommitSettings settings =
                    CommitSettings.defaults().withMaxActionsPerTransaction(4 + delivery.nextInt(3) * 8);
            FaultyDynamoDb client = new FaultyDynamoDb(pipeline.dynamo());
            int dice = delivery.nextInt(100);
            if (dice < 3) {
                position += batch.size(); // retries and record age exhausted: given up on, left to reconcile
                continue;
            } else if (dice < 8) {
                client.failCall(1 + delivery.nextInt(3), When.BEFORE, call -> {
                    throw new SimulatedCrash(); // after a committed prefix when it hits a later transaction
                });
            } else if (dice < 13) {
                client.failCall(
                        1 + delivery.nextInt(3), When.AFTER, call -> SdkClientException.create("simulated lost ack"));
            }
            StreamsEventResponse response;
            try {
                response = pipeline.deliver(Operations.processor(pipeline.tables(), client, settings), batch);
            } catch (SimulatedCrash crash) {
                if (delivery.nextBoolean() && batch.size() > 1) {
                    int half = batch.size() / 2; // bisect on error
                    pipeline.deliver(Operations.processor(pipeline.tables()), batch.subList(0, half));
                    pipeline.deliver(Operations.processor(pipeline.tables()), batch.subList(half, batch.size()));
                    position += batch.size();
                }
                continue;
            }
            if (!response.getBatchItemFailures().isEmpty()) {
                position += LocalPipeline.indexOf(
                        batch, response.getBatchItemFailures().getFirst().getItemIdentifier());
                continue;
            }
            if (dice < 20) {
                pipeline.deliver(Operations.processor(pipeline.tables()), batch); // a duplicate delivery
            } else if (dice < 23) {
                position = Math.max(0, position - delivery.nextInt(40)); // a re-created mapping re-reading
                continue;
            }
            position += batch.size();
        }
        pipeline.skipTo(records.isEmpty() ? null : records.getLast());
    }

    private Reconciler reconciler() {
        return new Reconciler(
                pipeline.dynamo(),
                new Reconciler.Tables(
                        pipeline.tables().orders(),
                        pipeline.tables().totals(),
                        pipeline.tables().state()),
                new Reconciler.Settings(3, false, 0),
                Reconciler.Listener.NONE);
    }

    // --- the corrupt total and its fix by hand ----------------------------------------------------------------------

    private void corruptATotal() {
        pipeline.tables().scan(pipeline.tables().totals()).stream().findFirst().ifPresent(total -> {
            Map<String, AttributeValue> corrupt = new HashMap<>(total);
            corrupt.put("quantity", AttributeValue.fromS("seven"));
            pipeline.dynamo()
                    .putItem(request ->
                            request.tableName(pipeline.tables().totals()).item(corrupt));
        });
    }

    /** What an operator does after {@code verify} names a corrupt total: writes the sum of its ledger entries. */
    private void fixCorruptTotalsByHand() {
        Map<String, BigInteger> ledgerSums = new TreeMap<>();
        pipeline.tables().ledgerItems().values().forEach(item -> {
            if (LedgerEntry.from(item).contribution() instanceof Contribution.Counted(var key, long quantity)) {
                ledgerSums.merge(key.toString(), BigInteger.valueOf(quantity), BigInteger::add);
            }
        });
        for (Map<String, AttributeValue> total :
                pipeline.tables().scan(pipeline.tables().totals())) {
            if (total.get("quantity").n() == null) {
                String key = total.get("order_date").s() + "|"
                        + total.get("item_number").s();
                Map<String, AttributeValue> fixed = new HashMap<>(total);
                fixed.put(
                        "quantity",
                        AttributeValue.fromN(
                                ledgerSums.getOrDefault(key, BigInteger.ZERO).toString()));
                pipeline.dynamo()
                        .putItem(request ->
                                request.tableName(pipeline.tables().totals()).item(fixed));
            }
        }
    }

    // --- random orders ---------------------------------------------------------------------------------------------

    private Map<String, AttributeValue> validOrder(String orderId) {
        return Map.of(
                "order_id",
                AttributeValue.fromS(orderId),
                "order_date",
                AttributeValue.fromS(randomDate()),
                "item_id",
                AttributeValue.fromS(randomItem()),
                "quantity",
                AttributeValue.fromN(Integer.toString(1 + writes.nextInt(50))));
    }

    private Map<String, AttributeValue> malformedOrder(String orderId) {
        Map<String, AttributeValue> order = new HashMap<>(validOrder(orderId));
        switch (writes.nextInt(3)) {
            case 0 -> order.put("quantity", AttributeValue.fromN("2.5"));
            case 1 -> order.put("quantity", AttributeValue.fromS("abc"));
            default -> order.put("order_date", AttributeValue.fromS("yesterday"));
        }
        return order;
    }

    private static Map<String, AttributeValue> with(
            Map<String, AttributeValue> order, String name, AttributeValue value) {
        Map<String, AttributeValue> changed = new HashMap<>(order);
        changed.put(name, value);
        return changed;
    }

    private String randomDate() {
        return DAYS[writes.nextInt(DAYS.length)] + "T10:00:00Z";
    }

    private String randomItem() {
        return "item" + writes.nextInt(6);
    }

    private static void guard(AtomicReference<Throwable> failure, Runnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /** A process dying mid-invocation: an Error, which the handler does not catch. */
    private static final class SimulatedCrash extends Error {}
}
