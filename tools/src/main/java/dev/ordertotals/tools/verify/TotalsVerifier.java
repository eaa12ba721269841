package dev.ordertotals.tools.verify;

import dev.ordertotals.aggregation.Aggregation;
import dev.ordertotals.aggregation.ChangeRecord;
import dev.ordertotals.aggregation.RecordEffect;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.stream.OrderImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Recomputes every total from the orders table and compares it with the totals table. Read-only.
 *
 * <p>The expected totals use the handler's own rules: each order is taken as if it had just been inserted, and
 * {@link Aggregation#effectOf} says what it adds. That is what the stream leaves behind once drained: every
 * change adds its new image's contribution and subtracts its old one's through the same rules, so the history
 * of an order sums to the contribution of its current version (zero once deleted or malformed).
 */
public final class TotalsVerifier {

    private final DynamoDbClient dynamo;
    private final int segments;

    public TotalsVerifier(DynamoDbClient dynamo, int segments) {
        if (segments < 1 || segments > 1_000_000) {
            throw new IllegalArgumentException("segments must be within 1..1000000: " + segments);
        }
        this.dynamo = dynamo;
        this.segments = segments;
    }

    public VerifyReport verify(String ordersTable, String totalsTable) {
        AtomicLong orders = new AtomicLong();
        AtomicLong counted = new AtomicLong();
        AtomicLong malformed = new AtomicLong();
        Map<TotalKey, Long> expected = new HashMap<>();
        for (Map<TotalKey, Long> part : scanInParallel(ordersTable, items -> {
            List<RecordEffect> effects = new ArrayList<>(items.size());
            for (Map<String, AttributeValue> item : items) {
                RecordEffect effect = Aggregation.effectOf(new ChangeRecord(null, null, null, OrderImages.of(item)));
                orders.incrementAndGet();
                if (!effect.deltas().isEmpty()) {
                    counted.incrementAndGet();
                }
                if (effect.quarantined()) {
                    malformed.incrementAndGet();
                }
                effects.add(effect);
            }
            return Aggregation.sum(effects);
        })) {
            part.forEach((key, quantity) -> expected.merge(key, quantity, Math::addExact));
        }
        expected.values().removeIf(quantity -> quantity == 0);

        Map<String, Long> remaining = new HashMap<>();
        expected.forEach((key, quantity) -> remaining.put(key(key.dateKey(), key.item()), quantity));
        List<Drift> drifts = new ArrayList<>();
        List<TotalRow> rows = TotalsReader.readAll(dynamo, totalsTable, segments);
        for (TotalRow row : rows) {
            Long want = remaining.remove(key(row.date(), row.item()));
            long wanted = want == null ? 0 : want;
            if (row.quantity().isPresent() && row.quantity().get() == wanted || row.rawQuantity().equals("<absent>") && wanted == 0) {
                continue;
            }
            drifts.add(wanted == 0 ? new Drift.Extra(row.date(), row.item(), row) : new Drift.Wrong(row.date(), row.item(), wanted, row));
        }
        expected.forEach((key, quantity) -> {
            if (remaining.containsKey(key(key.dateKey(), key.item()))) {
                drifts.add(new Drift.Missing(key.dateKey(), key.item(), quantity));
            }
        });
        drifts.sort(Drift.BY_KEY);
        return new VerifyReport(orders.get(), counted.get(), malformed.get(), rows.size(), expected.size(), List.copyOf(drifts));
    }

    private static String key(String date, String item) {
        return date + "\u0000" + item;
    }

    private <T> List<T> scanInParallel(String table, java.util.function.Function<List<Map<String, AttributeValue>>, T> perPage) {
        return Scans.parallel(dynamo, table, segments, perPage);
    }
}
