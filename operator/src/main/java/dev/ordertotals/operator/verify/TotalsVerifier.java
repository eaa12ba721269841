package dev.ordertotals.operator.verify;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.OrderReading;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.ledger.LedgerCheck;
import dev.ordertotals.ledger.LedgerEntries;
import dev.ordertotals.ledger.OrdersTable;
import dev.ordertotals.ledger.Pipeline;
import dev.ordertotals.stream.OrderImages;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

    /** Totals vs orders only, for the source document's aggregation. */
    public VerifyReport verify(String ordersTable, String totalsTable) {
        Aggregations orderTotals = Aggregations.orderTotals(totalsTable);
        return verify(ordersTable, orderTotals, orderTotals, Optional.empty());
    }

    /** All three levels, for every aggregation of {@code pipeline}. */
    public VerifyReport verify(Pipeline pipeline) {
        return verify(
                pipeline.orders(), pipeline.aggregations(), pipeline.aggregations(), Optional.of(pipeline.ledger()));
    }

    /**
     * Every level for the aggregations {@code checked}, some or all of those {@code configured} (what the function
     * runs): their totals, and their parts of each ledger entry ({@link LedgerCheck}); the ledger levels when
     * {@code ledgerTable} is given. Totals are named by their aggregation when more than one is configured.
     */
    public VerifyReport verify(
            String ordersTable, Aggregations configured, Aggregations checked, Optional<String> ledgerTable) {
        if (!checked.within(configured)) {
            throw new IllegalArgumentException("the aggregations checked " + checked.names()
                    + " are not among those configured " + configured.names());
        }
        Aggregations aggregations = checked;
        Map<String, Map<String, AttributeValue>> entries = new ConcurrentHashMap<>();
        ledgerTable.ifPresent(table -> readLedger(table, entries));
        long ledgerEntries = entries.size();
        Sums ledgerSums = new Sums();
        if (ledgerTable.isPresent()) {
            entries.values().forEach(item -> ledgerSums.add(ledgerContribution(item)));
        }
        Optional<OrdersTable> orders = ledgerTable.map(table -> OrdersTable.describe(dynamo, ordersTable));

        AtomicLong scanned = new AtomicLong();
        AtomicLong counted = new AtomicLong();
        AtomicLong malformed = new AtomicLong();
        ConcurrentLinkedQueue<LedgerDisagreement> disagreements = new ConcurrentLinkedQueue<>();
        Sums expected = new Sums();
        for (Sums part : Scans.parallel(dynamo, ordersTable, segments, items -> {
            Sums sums = new Sums();
            for (Map<String, AttributeValue> item : items) {
                scanned.incrementAndGet();
                OrderReading reading = aggregations.read(OrderImages.of(item));
                if (!reading.contribution().isEmpty()) {
                    counted.incrementAndGet();
                    sums.add(reading.contribution());
                }
                if (reading.isMalformed()) {
                    malformed.incrementAndGet();
                }
                orders.ifPresent(table -> {
                    String orderKey = table.orderKeyOf(item);
                    check(configured, checked, orderKey, entries.remove(LedgerItem.partitionKey(orderKey)), item)
                            .ifPresent(disagreements::add);
                });
            }
            return sums;
        })) {
            expected.addAll(part);
        }
        // What is left of the ledger: entries of orders that no longer exist.
        entries.forEach((pk, item) -> check(configured, checked, LedgerEntries.orderKeyOf(item), item, null)
                .ifPresent(disagreements::add));

        boolean labelled = configured.all().size() > 1;
        long rowsScanned = 0;
        long expectedTotals = 0;
        List<Drift> drifts = new ArrayList<>();
        List<Drift> ledgerDrifts = new ArrayList<>();
        for (Aggregation aggregation : aggregations.all()) {
            List<TotalRow> rows = TotalsReader.readAll(dynamo, aggregation, segments);
            rowsScanned += rows.stream().map(TotalRow::key).distinct().count();
            String prefix = labelled ? aggregation.name() + " " : "";
            boolean nameMeasures = labelled || aggregation.measures().size() > 1;
            Map<List<String>, Map<String, BigInteger>> due = expected.of(aggregation.name());
            expectedTotals += due.size();
            drifts.addAll(Drift.between(due, rows, prefix, nameMeasures));
            ledgerDrifts.addAll(Drift.between(ledgerSums.of(aggregation.name()), rows, prefix, nameMeasures));
        }
        Optional<VerifyReport.LedgerLevels> ledger = ledgerTable.map(table -> new VerifyReport.LedgerLevels(
                ledgerEntries,
                disagreements.stream()
                        .sorted(Comparator.comparing(LedgerDisagreement::orderKey))
                        .toList(),
                List.copyOf(ledgerDrifts)));
        return new VerifyReport(
                checked.names(),
                !checked.equals(configured) || !configured.names().equals(List.of(Aggregation.ORDER_TOTALS)),
                scanned.get(),
                counted.get(),
                malformed.get(),
                rowsScanned,
                expectedTotals,
                List.copyOf(drifts),
                ledger);
    }

    /** Sums of contributions: per aggregation, per key, per measure; no zero sums. */
    private static final class Sums {
        private final Map<String, Map<List<String>, Map<String, BigInteger>>> byAggregation = new TreeMap<>();

        void add(Contribution contribution) {
            contribution
                    .parts()
                    .forEach((name, part) -> part.measures()
                            .forEach((measure, value) -> add(name, part.key(), measure, BigInteger.valueOf(value))));
        }

        void addAll(Sums other) {
            other.byAggregation.forEach((name, keys) -> keys.forEach(
                    (key, measures) -> measures.forEach((measure, value) -> add(name, key, measure, value))));
        }

        private void add(String name, List<String> key, String measure, BigInteger value) {
            byAggregation
                    .computeIfAbsent(name, ignored -> new HashMap<>())
                    .computeIfAbsent(key, ignored -> new TreeMap<>())
                    .merge(measure, value, BigInteger::add);
        }

        Map<List<String>, Map<String, BigInteger>> of(String name) {
            Map<List<String>, Map<String, BigInteger>> sums = new HashMap<>();
            byAggregation.getOrDefault(name, Map.of()).forEach((key, measures) -> {
                Map<String, BigInteger> nonZero = new TreeMap<>(measures);
                nonZero.values().removeIf(value -> value.signum() == 0);
                if (!nonZero.isEmpty()) {
                    sums.put(key, nonZero);
                }
            });
            return sums;
        }
    }

    /** The ledger entries (without their eventID sets), by partition key. */
    private void readLedger(String table, Map<String, Map<String, AttributeValue>> entries) {
        Scans.parallel(
                dynamo,
                table,
                segments,
                request -> request.filterExpression("#sk = :ledger")
                        .projectionExpression("#pk, #orderKey, #counted, #date, #item, #quantity, #version, #kind")
                        .expressionAttributeNames(Map.of(
                                "#sk",
                                LedgerItem.SORT_KEY,
                                "#pk",
                                LedgerItem.PARTITION_KEY,
                                "#orderKey",
                                LedgerItem.ORDER_KEY,
                                "#counted",
                                LedgerItem.CONTRIBUTIONS,
                                "#date",
                                LedgerItem.LEGACY_COUNTED_DATE,
                                "#item",
                                LedgerItem.LEGACY_COUNTED_ITEM,
                                "#quantity",
                                LedgerItem.LEGACY_COUNTED_QUANTITY,
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

    private static Contribution ledgerContribution(Map<String, AttributeValue> item) {
        try {
            return LedgerEntry.from(item).contribution();
        } catch (RuntimeException unreadable) {
            return Contribution.NONE; // reported as a disagreement of its order
        }
    }

    private static Optional<LedgerDisagreement> check(
            Aggregations configured,
            Aggregations checked,
            String orderKey,
            Map<String, AttributeValue> entryItem,
            Map<String, AttributeValue> order) {
        LedgerEntry entry;
        try {
            entry = LedgerEntry.from(entryItem);
        } catch (RuntimeException unreadable) {
            return Optional.of(new LedgerDisagreement(
                    orderKey,
                    "order " + orderKey + ": its ledger entry cannot be read (" + unreadable.getMessage() + ")"));
        }
        LedgerCheck check = LedgerCheck.of(configured, checked, orderKey, entry, order);
        return check.agrees() ? Optional.empty() : Optional.of(new LedgerDisagreement(orderKey, check.describe()));
    }

    /** An order whose ledger entry disagrees with it, named, with what each says. */
    public record LedgerDisagreement(String orderKey, String description) {}
}
