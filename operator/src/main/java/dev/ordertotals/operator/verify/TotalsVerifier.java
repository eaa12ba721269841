package dev.ordertotals.operator.verify;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.ImageReading;
import dev.ordertotals.aggregation.OrderRules;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.ledger.LedgerCheck;
import dev.ordertotals.ledger.LedgerEntries;
import dev.ordertotals.ledger.OrdersTable;
import dev.ordertotals.stream.OrderImages;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks the totals at the two levels of the ledger design, read-only:
 * <ul>
 *   <li><b>totals vs orders</b>: every total recomputed from the orders with the handler's own rules (each order
 *       contributes its current image's quantity, a malformed or deleted one nothing), compared with the totals
 *       table. This is the end-to-end check, and the only one without a ledger table.</li>
 *   <li><b>ledger vs orders</b>: each order's ledger entry against its current image ({@link LedgerCheck}: the same
 *       contribution, quarantined as malformed exactly when the image is), and the entries that still count something
 *       for an order that no longer exists. These are what {@code reconcile} repairs.</li>
 *   <li><b>totals vs ledger</b>: the sum of the ledger contributions per key against the totals table. Every write of
 *       the pipeline keeps this exact; a difference means a total was written outside it (by hand, say).</li>
 * </ul>
 * Sums are {@link BigInteger}: a total is not bounded by a {@code long}. The stream's delay shows as drift: run it
 * once the stream is drained.
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

    /** Totals vs orders only. */
    public VerifyReport verify(String ordersTable, String totalsTable) {
        return verify(ordersTable, totalsTable, Optional.empty());
    }

    /** All three levels. */
    public VerifyReport verify(String ordersTable, String totalsTable, String ledgerTable) {
        return verify(ordersTable, totalsTable, Optional.of(ledgerTable));
    }

    private VerifyReport verify(String ordersTable, String totalsTable, Optional<String> ledgerTable) {
        Map<String, Map<String, AttributeValue>> entries = new ConcurrentHashMap<>();
        ledgerTable.ifPresent(table -> readLedger(table, entries));
        long ledgerEntries = entries.size();
        Map<TotalKey, BigInteger> ledgerSums = ledgerTable.isPresent() ? ledgerSums(entries.values()) : Map.of();
        Optional<OrdersTable> orders = ledgerTable.map(table -> OrdersTable.describe(dynamo, ordersTable));

        AtomicLong scanned = new AtomicLong();
        AtomicLong counted = new AtomicLong();
        AtomicLong malformed = new AtomicLong();
        ConcurrentLinkedQueue<LedgerDisagreement> disagreements = new ConcurrentLinkedQueue<>();
        Map<TotalKey, BigInteger> expected = new TreeMap<>();
        for (Map<TotalKey, BigInteger> part : Scans.parallel(dynamo, ordersTable, segments, items -> {
            Map<TotalKey, BigInteger> sums = new TreeMap<>();
            for (Map<String, AttributeValue> item : items) {
                scanned.incrementAndGet();
                ImageReading reading = OrderRules.read(OrderImages.of(item));
                if (reading instanceof ImageReading.Counted(TotalKey key, long quantity)) {
                    counted.incrementAndGet();
                    sums.merge(key, BigInteger.valueOf(quantity), BigInteger::add);
                } else if (reading instanceof ImageReading.Invalid) {
                    malformed.incrementAndGet();
                }
                orders.ifPresent(table -> {
                    String orderKey = table.orderKeyOf(item);
                    check(orderKey, entries.remove(LedgerItem.partitionKey(orderKey)), item)
                            .ifPresent(disagreements::add);
                });
            }
            return sums;
        })) {
            part.forEach((key, quantity) -> expected.merge(key, quantity, BigInteger::add));
        }
        expected.values().removeIf(quantity -> quantity.signum() == 0);
        // What is left of the ledger: entries of orders that no longer exist.
        entries.forEach(
                (pk, item) -> check(LedgerEntries.orderKeyOf(item), item, null).ifPresent(disagreements::add));

        List<TotalRow> rows = TotalsReader.readAll(dynamo, totalsTable, segments);
        Optional<VerifyReport.LedgerLevels> ledger = ledgerTable.map(table -> new VerifyReport.LedgerLevels(
                ledgerEntries,
                disagreements.stream()
                        .sorted(Comparator.comparing(LedgerDisagreement::orderKey))
                        .toList(),
                Drift.between(ledgerSums, rows)));
        return new VerifyReport(
                scanned.get(),
                counted.get(),
                malformed.get(),
                rows.size(),
                expected.size(),
                Drift.between(expected, rows),
                ledger);
    }

    /** The ledger entries (without their eventID sets), by partition key. */
    private void readLedger(String table, Map<String, Map<String, AttributeValue>> entries) {
        Scans.parallel(
                dynamo,
                table,
                segments,
                request -> request.filterExpression("#sk = :ledger")
                        .projectionExpression("#pk, #orderKey, #date, #item, #quantity, #version, #kind")
                        .expressionAttributeNames(Map.of(
                                "#sk",
                                LedgerItem.SORT_KEY,
                                "#pk",
                                LedgerItem.PARTITION_KEY,
                                "#orderKey",
                                LedgerItem.ORDER_KEY,
                                "#date",
                                LedgerItem.COUNTED_DATE,
                                "#item",
                                LedgerItem.COUNTED_ITEM,
                                "#quantity",
                                LedgerItem.COUNTED_QUANTITY,
                                "#version",
                                LedgerItem.VERSION,
                                "#kind",
                                LedgerItem.QUARANTINE_KIND))
                        .expressionAttributeValues(Map.of(":ledger", AttributeValue.fromS(LedgerItem.LEDGER_SORT_KEY))),
                items -> {
                    items.forEach(item ->
                            entries.put(item.get(LedgerItem.PARTITION_KEY).s(), item));
                    return items.size();
                });
    }

    private static Map<TotalKey, BigInteger> ledgerSums(Iterable<Map<String, AttributeValue>> entries) {
        Map<TotalKey, BigInteger> sums = new TreeMap<>();
        for (Map<String, AttributeValue> item : entries) {
            try {
                if (LedgerEntry.from(item).contribution()
                        instanceof Contribution.Counted(TotalKey key, long quantity)) {
                    sums.merge(key, BigInteger.valueOf(quantity), BigInteger::add);
                }
            } catch (RuntimeException unreadable) {
                // Reported as a disagreement of its order.
            }
        }
        return sums;
    }

    private static Optional<LedgerDisagreement> check(
            String orderKey, Map<String, AttributeValue> entryItem, Map<String, AttributeValue> order) {
        LedgerEntry entry;
        try {
            entry = LedgerEntry.from(entryItem);
        } catch (RuntimeException unreadable) {
            return Optional.of(new LedgerDisagreement(
                    orderKey,
                    "order " + orderKey + ": its ledger entry cannot be read (" + unreadable.getMessage() + ")"));
        }
        LedgerCheck check = LedgerCheck.of(orderKey, entry, order);
        return check.agrees() ? Optional.empty() : Optional.of(new LedgerDisagreement(orderKey, check.describe()));
    }

    /** An order whose ledger entry disagrees with it, named, with what each says. */
    public record LedgerDisagreement(String orderKey, String description) {}
}
