package dev.ordertotals.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.localengine.eventsource.EventSourceEmulator;
import dev.ordertotals.localengine.eventsource.EventSourceSettings;
import dev.ordertotals.localengine.eventsource.Faults;
import dev.ordertotals.localengine.orders.OrderWriter;
import dev.ordertotals.localengine.orders.RandomOrders;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.testsupport.InProcessHandler;
import dev.ordertotals.testsupport.LocalTables;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A backfill as it happens in production: orders exist before the pipeline, the event source starts at LATEST, and
 * reconcile runs on its own threads while the application keeps writing (changing and cancelling existing orders
 * too) and the real handler aggregates the stream. Once the stream has drained, every level is exact.
 */
class ReconcileConcurrentTest {

    @Test
    void reconcileWhileLiveWritesAndTheFunctionRunEndsExact() throws Exception {
        LocalTables tables = LocalTables.create();
        RandomOrders random = new RandomOrders(11, "order_id", "S", 3, Clock.systemUTC());
        OrderWriter writer = new OrderWriter(tables.dynamo(), tables.orders(), List.of("order_id"));
        writer.writeAll(random.writes(300));
        EventSourceSettings settings = new EventSourceSettings(
                tables.streamArn(),
                10,
                true,
                -1,
                Optional.empty(),
                true,
                true,
                Optional.of(tables.queueUrl()),
                "arn:aws:lambda:us-east-1:123456789012:function:test",
                EventSourceSettings.Timings.fast());
        try (EventSourceEmulator emulator = new EventSourceEmulator(
                settings,
                tables.stream(),
                tables.sqs(),
                new InProcessHandler(Operations.processor(tables)),
                Faults.NONE,
                line -> {})) {
            emulator.positionShards();
            emulator.start();
            AtomicReference<Reconciler.Result> result = new AtomicReference<>();
            Thread reconcile = Thread.ofPlatform().start(() -> result.set(Operations.reconcile(tables)));

            writer.writeAll(random.writes(200));
            reconcile.join();
            emulator.awaitDrained(Duration.ofSeconds(120));

            assertThat(result.get().corrected())
                    .as("reconcile backfilled the orders the stream never carried")
                    .isGreaterThan(100);
            assertThat(result.get().failed()).isZero();
            assertThat(emulator.stats().recordsGivenUp()).isZero();
        }
        Operations.assertExact(tables);
    }
}
