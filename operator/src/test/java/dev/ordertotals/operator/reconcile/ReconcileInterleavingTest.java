package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.operator.verify.TotalsReader;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.LocalTables;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The cases of {@link Reconciler}'s class comment, each forced step by step: the function's commit path applies
 * the stream records (as Lambda would deliver them, late) before, between and after reconcile's reads and commit,
 * and the end state, once every record is applied, is exact. The order is one that existed before the pipeline
 * (its first record is not delivered, as with a mapping started at LATEST), unless the case needs a ledger entry.
 */
class ReconcileInterleavingTest {

    private static final String DAY = "2026-11-24T08:00:00Z";

    private LocalTables tables;

    @BeforeEach
    void createTables() {
        tables = LocalTables.create();
    }

    @Test
    void reconcileFirstThenTheStreamAppliesTheChangeReconcileHadAlreadySeen() {
        tables.putOrder("1", DAY, "item123", 10);
        int seen = tables.streamRecords().size();
        tables.putOrder("1", DAY, "item123", 25);

        Reconciler.Result result = Operations.reconcile(tables);
        Operations.commit(tables, since(seen));

        assertThat(result.corrected()).isEqualTo(1);
        assertThat(total("item123")).isEqualTo(25);
        Operations.assertExact(tables);
    }

    @Test
    void reconcileFirstThenTheStreamAppliesAChangeMadeAfterReconcileRead() {
        tables.putOrder("1", DAY, "item123", 10);
        int seen = tables.streamRecords().size();

        Operations.reconcile(tables);
        tables.putOrder("1", DAY, "item123", 25);
        Operations.commit(tables, since(seen));

        assertThat(total("item123")).isEqualTo(25);
        Operations.assertExact(tables);
    }

    @Test
    void theStreamAppliesAChangeBetweenReconcilesReadsAndItsCommit() {
        tables.putOrder("1", DAY, "item123", 10);
        Operations.reconcile(tables);
        int seen = tables.streamRecords().size();
        tables.putOrder("1", DAY, "item123", 25);
        FaultyDynamoDb hooked = new FaultyDynamoDb(tables.dynamo())
                .before("transactWriteItems", 1, () -> Operations.commit(tables, since(seen)));

        Reconciler.Result result = reconciler(hooked).run(ReconcileCheckpoint.none(1));

        assertThat(hooked.calls("transactWriteItems"))
                .as("reconcile's commit was tried, and cancelled")
                .isEqualTo(1);
        assertThat(result.corrected())
                .as("the second look finds the entry agreeing")
                .isZero();
        assertThat(total("item123")).isEqualTo(25);
        Operations.assertExact(tables);
    }

    @Test
    void aToBToALaggingInTheStreamWhileReconcileSawB() {
        tables.putOrder("1", DAY, "item123", 10);
        int seen = tables.streamRecords().size();
        // Reconcile reads the order's entry, then (before it reads the order) the order changes to B.
        FaultyDynamoDb hooked = new FaultyDynamoDb(tables.dynamo())
                .before("batchGetItem", 2, () -> tables.putOrder("1", DAY, "item312", 20));

        Reconciler.Result result = reconciler(hooked).run(ReconcileCheckpoint.none(1));
        tables.putOrder("1", DAY, "item123", 10);
        List<Record> lagging = since(seen);
        assertThat(lagging).hasSize(2);
        Operations.commit(tables, lagging.subList(0, 1));
        Operations.commit(tables, lagging.subList(1, 2));

        assertThat(result.corrected()).isEqualTo(1);
        assertThat(total("item123")).isEqualTo(10);
        assertThat(total("item312")).isZero();
        Operations.assertExact(tables);
    }

    @Test
    void aToBToALaggingInTheStreamWhileReconcileSawTheSecondA() {
        tables.putOrder("1", DAY, "item123", 10);
        int seen = tables.streamRecords().size();
        tables.putOrder("1", DAY, "item312", 20);
        tables.putOrder("1", DAY, "item123", 10);

        Operations.reconcile(tables);
        List<Record> lagging = since(seen);
        Operations.commit(tables, lagging.subList(0, 1));
        assertThat(total("item312"))
                .as("transient: the first record moved the entry to B")
                .isEqualTo(20);
        Operations.commit(tables, lagging.subList(1, 2));

        assertThat(total("item123")).isEqualTo(10);
        assertThat(total("item312")).isZero();
        Operations.assertExact(tables);
    }

    @Test
    void aDeleteBetweenReconcilesReadOfTheEntryAndOfTheOrder() {
        tables.putOrder("1", DAY, "item123", 10);
        Operations.reconcile(tables);
        int seen = tables.streamRecords().size();
        FaultyDynamoDb hooked =
                new FaultyDynamoDb(tables.dynamo()).before("batchGetItem", 2, () -> tables.deleteOrder("1"));

        Reconciler.Result result = reconciler(hooked).run(ReconcileCheckpoint.none(1));
        Operations.commit(tables, since(seen));

        assertThat(result.orphans())
                .as("reconcile found the order gone and tombstoned its entry")
                .isEqualTo(1);
        assertThat(total("item123")).isZero();
        Operations.assertExact(tables);
    }

    @Test
    void aDeleteAppliedByTheStreamBeforeReconcileCommitsCancelsTheCommit() {
        tables.putOrder("1", DAY, "item123", 10);
        Operations.reconcile(tables);
        int seen = tables.streamRecords().size();
        FaultyDynamoDb hooked = new FaultyDynamoDb(tables.dynamo())
                .before("batchGetItem", 2, () -> tables.deleteOrder("1"))
                .before("transactWriteItems", 1, () -> Operations.commit(tables, since(seen)));

        Reconciler.Result result = reconciler(hooked).run(ReconcileCheckpoint.none(1));

        assertThat(result.changes()).isZero();
        assertThat(total("item123")).isZero();
        Operations.assertExact(tables);
    }

    @Test
    void aBackfillMovesSeveralOrdersAndTheirSharedTotalInOneTransaction() {
        for (int order = 1; order <= 5; order++) {
            tables.putOrder(String.valueOf(order), DAY, "item123", order);
        }
        FaultyDynamoDb counted = new FaultyDynamoDb(tables.dynamo());

        Reconciler.Result result = reconciler(counted).run(ReconcileCheckpoint.none(1));

        assertThat(result.corrected()).isEqualTo(5);
        assertThat(counted.calls("transactWriteItems")).isEqualTo(1);
        assertThat(total("item123")).isEqualTo(15);
        Operations.assertExact(tables);
    }

    @Test
    void theStreamMovingOneOrderOfAGroupSendsEachOrderOfTheGroupThroughAlone() {
        for (int order = 1; order <= 3; order++) {
            tables.putOrder(String.valueOf(order), DAY, "item123", 10);
        }
        Operations.reconcile(tables);
        int seen = tables.streamRecords().size();
        for (int order = 1; order <= 3; order++) {
            tables.putOrder(String.valueOf(order), DAY, "item123", 20);
        }
        List<Record> late = since(seen);
        FaultyDynamoDb hooked = new FaultyDynamoDb(tables.dynamo())
                .before("transactWriteItems", 1, () -> Operations.commit(tables, late.subList(0, 1)));

        Reconciler.Result result = reconciler(hooked).run(ReconcileCheckpoint.none(1));

        assertThat(hooked.calls("transactWriteItems"))
                .as("the group's transaction, cancelled; then one per order, the moved one's cancelled too (its"
                        + " second look finds it agreeing)")
                .isEqualTo(4);
        assertThat(result.corrected()).isEqualTo(2);
        assertThat(result.failed()).isZero();
        assertThat(total("item123")).isEqualTo(60);
        Operations.commit(tables, late.subList(1, late.size()));
        assertThat(total("item123")).isEqualTo(60);
        Operations.assertExact(tables);
    }

    private Reconciler reconciler(FaultyDynamoDb hooked) {
        return new Reconciler(
                hooked,
                new Reconciler.Tables(tables.pipeline()),
                new Reconciler.Settings(1, false, 0),
                Reconciler.Listener.NONE);
    }

    private List<Record> since(int seen) {
        List<Record> records = tables.streamRecords();
        return List.copyOf(records.subList(seen, records.size()));
    }

    private long total(String item) {
        return TotalsReader.readAll(tables.dynamo(), tables.totals(), 1).stream()
                .filter(row -> row.date().equals("2026-11-24") && row.item().equals(item))
                .findFirst()
                .flatMap(row -> row.quantity())
                .map(BigInteger::longValueExact)
                .orElse(0L);
    }
}
