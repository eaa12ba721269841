package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.LocalTables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code reconcile --resume} goes on from the segments a stopped run finished; a segment with an order left as it was
 * (DynamoDB refused its correction) is not finished, so the resumed run, once the cause is fixed, corrects it.
 */
class ReconcileResumeTest {

    private static final String DAY = "2026-11-24T08:00:00Z";

    @TempDir
    Path dir;

    @Test
    void aSegmentWithAnOrderNotCorrectedIsNotRecordedAsDoneAndAResumedRunCorrectsIt() {
        LocalTables tables = LocalTables.create();
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item123", 5);
        Operations.reconcile(tables);
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromS("fifteen")); // corrupt: every ADD is refused
        tables.putOrder("1", DAY, "item123", 12); // a change the ledger has not seen: reconcile's to correct
        Path file = dir.resolve("checkpoint.json");
        ReconcileCheckpoint checkpoint = ReconcileCheckpoint.fresh(file, Operations.checkpointTarget(tables), 1);
        // The run is stopped (Ctrl-C) once the orders pass is through, as the ledger pass starts scanning.
        FaultyDynamoDb dynamo = new FaultyDynamoDb(tables.dynamo());
        Reconciler stopped = reconciler(tables, dynamo);
        dynamo.before("scan", 2, stopped::stop);

        Reconciler.Result first = stopped.run(checkpoint);

        assertThat(first.failed()).as("order 1's correction is refused").isEqualTo(1);
        assertThat(first.complete()).isFalse();
        assertThat(checkpoint.done(ReconcileCheckpoint.Pass.ORDERS, 0))
                .as("the orders segment holds an order not corrected")
                .isFalse();

        checkpoint.save(); // as reconcile's Ctrl-C hook does
        tables.putTotal("2026-11-24", "item123", AttributeValue.fromN("15")); // the cause fixed: its ledger sum
        ReconcileCheckpoint resumed = ReconcileCheckpoint.load(file, Operations.checkpointTarget(tables), 1)
                .orElseThrow();

        Reconciler.Result second = reconciler(tables, tables.dynamo()).run(resumed);

        assertThat(second.failed()).isZero();
        assertThat(second.corrected()).isEqualTo(1);
        assertThat(second.complete()).isTrue();
        Operations.assertExact(tables);
    }

    private static Reconciler reconciler(LocalTables tables, DynamoDbClient dynamo) {
        return new Reconciler(
                dynamo,
                new Reconciler.Tables(tables.pipeline()),
                new Reconciler.Settings(1, false, 0),
                Reconciler.Listener.NONE);
    }
}
