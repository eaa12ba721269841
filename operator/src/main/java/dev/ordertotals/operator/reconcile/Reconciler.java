package dev.ordertotals.operator.reconcile;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ItemSizes;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.commit.LedgerTable;
import dev.ordertotals.commit.LedgerUpdates;
import dev.ordertotals.commit.LedgerWrite;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.ledger.BatchReads;
import dev.ordertotals.ledger.Contributions;
import dev.ordertotals.ledger.LedgerCheck;
import dev.ordertotals.ledger.OrdersTable;
import dev.ordertotals.ledger.Pipeline;
import dev.ordertotals.operator.cli.Workers;
import dev.ordertotals.stream.OrderKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Online reconcile: brings every order's ledger entry to what the order's current image contributes, moving the
 * totals by the same difference in the same transaction. It is the backfill of a table that had orders before the
 * pipeline, the repair after anything went wrong (a lost or late record, a refused record whose cause is fixed, a
 * hand-edited entry), and the targeted repair after {@code replay}: one operation, run while the function runs.
 *
 * <p><b>What it does.</b> A parallel scan of the orders table (keys only) hands each page to the core: the page's
 * ledger entries are read first (strongly consistent), then the orders themselves (strongly consistent), and for
 * each order whose entry disagrees with its image, one {@code TransactWriteItems} commits
 * <em>entry := contribution(image)</em> and <em>total += difference</em> (at most two totals), conditioned on the
 * entry's {@code version} being the one read. A malformed image is recorded as "counts nothing" with a
 * {@code malformed} quarantine; a valid or absent one clears any quarantine, a parked {@code refused} record
 * included. A cancelled condition means the entry moved since it was read: both are read again (entry first) and
 * the order is tried again. A second pass scans the ledger for entries that count something or are quarantined and
 * whose order no longer exists: each is subtracted and becomes a tombstone (counts nothing, TTL set), through the
 * same core and the same condition.
 *
 * <p><b>Which aggregations.</b> Every one the function runs ({@link Tables#aggregations}): each entry is brought to
 * what the image contributes to all of them, so an aggregation declared since the entries were written is backfilled
 * beside their other parts, and the parts of one no longer declared are removed. Or some of them only
 * ({@link Tables#reconciled}, the command's {@code --aggregation}): their parts of each entry and their totals; the
 * entry's other parts are written back as they are and no other total moves, and its quarantine note is the one every
 * aggregation calls for when the order is malformed, else cleared only if the entry then agrees whole
 * ({@link LedgerCheck.Repair}). The write is the same conditioned move either way, so what follows holds for both.
 *
 * <p><b>Why it commutes with the function.</b> Both only ever move an entry and the totals by the same difference in
 * one transaction, so each total always equals the sum of the entries with its key; what remains is that the
 * entries end at the orders' images. The function moves an entry from whatever it actually holds to its record's
 * new image (its optimistic condition fails on anything else, and the cancellation returns the actual entry);
 * reconcile moves it to the current image only if nothing moved it since it was read. Reconcile reads the entry
 * <em>before</em> the order, so any stream record applied between its reads and its commit bumps the version and
 * cancels the commit. The cases, for an order o whose change A → B has record r:
 * <ul>
 *   <li><b>reconcile first, then the stream applies r</b>: reconcile read o as B (the write happened before its
 *       read) and set the entry to B. r expects A, finds B, recomputes: B → B, no change. Had reconcile read o as A
 *       (before the write), the entry is A and r applies A → B as usual.</li>
 *   <li><b>the stream applies r first</b>: if that was before reconcile read the entry, reconcile sees B and B: nothing
 *       to do. If it was between reconcile's read of the entry and its commit, the version moved: the commit is
 *       cancelled, both are read again, and the second look finds them agreeing.</li>
 *   <li><b>A → B → A during the scan</b>, records r1 and r2 lagging: whatever image reconcile saw (A or B) and wrote,
 *       r1 then r2 each move the entry from what it actually holds to their new image, so after r2 it holds A.
 *       Between the two the totals may show B: transient states are allowed, the state once the stream has drained
 *       is exact.</li>
 *   <li><b>a delete during the scan</b>: reconcile either read o before the delete (it sets the image, and the REMOVE
 *       record then moves the entry from it to "counts nothing") or found o gone (it writes the tombstone, and the
 *       REMOVE record finds "counts nothing" already: no change). If the REMOVE was applied between its reads, the
 *       commit is cancelled and the second look agrees.</li>
 *   <li><b>a parked record fixed later</b>: DynamoDB refused r (a corrupt total, say); the function parked it: the
 *       entry still counts A, is quarantined {@code refused}, and r's eventID is recorded, so r is not applied again.
 *       Once the total is repaired by hand (to the sum {@code verify} shows for its ledger entries), reconcile finds
 *       A ≠ B and moves the entry and the totals, clearing the quarantine. Until then DynamoDB refuses reconcile's
 *       transaction too, which is reported and changes nothing. If o's next record comes first, it starts from the
 *       actual entry (A) and applies or parks the whole difference itself.</li>
 * </ul>
 * In every case the last writer of an entry either is the stream's last record of the order (whose new image is the
 * current one) or is reconcile having seen no stream write since its read (then the image it read is current,
 * because a later change of the order would have a record applied after it). One precondition: the event source
 * mapping must be running (enabled, at any position) before reconcile starts, so that every change reconcile's scan
 * may miss reaches the ledger through the stream. The exact end state holds once the stream has drained.
 */
public final class Reconciler {

    /** The quarantine note's event id for a malformed order found by reconcile rather than by a stream record. */
    public static final String RECONCILE_EVENT = "reconcile";
    /** DynamoDB's limit on a sort key value, in bytes. */
    private static final int MAX_SORT_KEY_BYTES = 1_024;
    /** Re-reads of one order whose entry keeps moving under reconcile before it gives that order up. */
    private static final int MAX_ATTEMPTS = 20;

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    /** Cancellation reasons no retry can cure: DynamoDB refuses the write itself. */
    private static final Set<String> REFUSED = Set.of("ValidationError", "ItemCollectionSizeLimitExceeded");

    /**
     * The pipeline reconcile reads and writes, and the aggregations it brings in line.
     *
     * @param pipeline the orders table, the ledger and every aggregation the function runs
     * @param reconciled the aggregations reconcile brings in line: all of them, or some (their parts of each entry, and
     *     their totals; the entry's other parts are kept as they are, and no other total moves)
     */
    public record Tables(Pipeline pipeline, Aggregations reconciled) {

        public Tables {
            if (!reconciled.within(pipeline.aggregations())) {
                throw new IllegalArgumentException(
                        "the aggregations reconciled " + reconciled.names() + " are not among those configured "
                                + pipeline.aggregations().names());
            }
        }

        /** Every aggregation of {@code pipeline}. */
        public Tables(Pipeline pipeline) {
            this(pipeline, pipeline.aggregations());
        }

        public String orders() {
            return pipeline.orders();
        }

        public String ledger() {
            return pipeline.ledger();
        }

        /** Every aggregation the function runs. */
        public Aggregations aggregations() {
            return pipeline.aggregations();
        }

        /** Whether some aggregations only are reconciled. */
        public boolean partial() {
            return !reconciled.equals(pipeline.aggregations());
        }
    }

    /**
     * @param segments parallel scan segments, one worker each
     * @param dryRun read and report the corrections, write nothing
     * @param maxWriteUnitsPerSecond a ceiling on the write units reconcile spends per second; 0: none
     */
    public record Settings(int segments, boolean dryRun, double maxWriteUnitsPerSecond) {

        public Settings {
            if (segments < 1 || segments > 1_000) {
                throw new IllegalArgumentException("segments must be within 1..1000: " + segments);
            }
            if (maxWriteUnitsPerSecond < 0) {
                throw new IllegalArgumentException(
                        "max write units must be 0 (no limit) or more: " + maxWriteUnitsPerSecond);
            }
        }

        public static Settings defaults() {
            return new Settings(4, false, 0);
        }
    }

    /** Told of each correction and each order left as it is; called from the workers, concurrently. */
    public interface Listener {

        Listener NONE = new Listener() {};

        default void corrected(Correction correction) {}

        default void failed(String orderKey, String reason) {}
    }

    /**
     * One order's entry moved (or, in a dry run, to be moved) to its image.
     *
     * @param orderExists false for an entry whose order is gone: it becomes a tombstone
     * @param ledger what the entry counted
     * @param order what the order's current image contributes
     * @param deltas the totals' changes
     * @param quarantineBefore the entry's quarantine kind, if it had one
     * @param malformedReason why the order is malformed, if it is (the entry is quarantined)
     * @param applied false in a dry run
     * @param aggregations the aggregations reconciled, which name the totals moved
     * @param quarantineKept the entry's quarantine note is left as it is (some aggregations reconciled: the entry still
     *     disagrees in others' parts)
     * @param tombstoned the entry becomes a tombstone (its order is gone, and it counts nothing any more)
     */
    public record Correction(
            String orderKey,
            boolean orderExists,
            Contribution ledger,
            Contribution order,
            Map<TotalKey, ? extends Map<String, BigInteger>> deltas,
            Optional<String> quarantineBefore,
            Optional<String> malformedReason,
            boolean applied,
            Aggregations aggregations,
            boolean quarantineKept,
            boolean tombstoned) {

        public String describe() {
            StringBuilder text = Contributions.entryBesideOrder(orderKey, orderExists, ledger, order)
                    .append("; totals moved: ")
                    .append(Contributions.describe(deltas, aggregations));
            malformedReason.ifPresent(reason ->
                    text.append("; quarantined as malformed (").append(reason).append(")"));
            if (malformedReason.isEmpty() && !quarantineKept) {
                quarantineBefore.ifPresent(
                        kind -> text.append("; ").append(kind).append(" quarantine cleared"));
            }
            if (tombstoned) {
                text.append("; entry tombstoned");
            } else if (!orderExists) {
                text.append("; entry kept for the parts of the aggregations not reconciled");
            }
            return text.toString();
        }
    }

    /** Running counts, for the progress line. */
    public record Progress(long scanned, long corrected, long orphans, long failed, double ordersPerSecond) {

        public String describe() {
            return String.format(
                    "reconcile: %d orders scanned, %d corrected, %d orphans tombstoned, %d failed | %.0f orders/s",
                    scanned, corrected, orphans, failed, ordersPerSecond);
        }
    }

    /**
     * What a run did.
     *
     * @param scanned orders looked at (in a targeted run: the keys given)
     * @param ledgerChecked ledger entries looked at for a missing order
     * @param corrected entries of existing orders moved (dry run: to be moved)
     * @param orphans entries of gone orders tombstoned (dry run: to be)
     * @param failed orders left as they were (DynamoDB refused, or the entry kept changing): see the listener
     * @param complete false when stopped before every segment was done
     * @param segmentsSkipped segments a resumed run found done already (orders pass + ledger pass)
     */
    public record Result(
            long scanned,
            long ledgerChecked,
            long corrected,
            long orphans,
            long failed,
            boolean complete,
            int segmentsSkipped) {

        public long changes() {
            return corrected + orphans;
        }
    }

    private final DynamoDbClient dynamo;
    private final OrdersTable orders;
    private final Tables tables;
    private final Settings settings;
    private final Listener listener;
    private final LedgerUpdates updates;
    private final WriteRateLimiter limiter;
    private final Clock clock;

    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong ledgerChecked = new AtomicLong();
    private final AtomicLong corrected = new AtomicLong();
    private final AtomicLong orphans = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private volatile boolean stopped;

    public Reconciler(DynamoDbClient dynamo, Tables tables, Settings settings, Listener listener) {
        this(
                dynamo,
                tables,
                settings,
                listener,
                WriteRateLimiter.perSecond(settings.maxWriteUnitsPerSecond()),
                Clock.systemUTC());
    }

    Reconciler(
            DynamoDbClient dynamo,
            Tables tables,
            Settings settings,
            Listener listener,
            WriteRateLimiter limiter,
            Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.settings = settings;
        this.listener = listener;
        this.limiter = limiter;
        this.clock = clock;
        this.orders = OrdersTable.describe(dynamo, tables.orders());
        this.updates =
                new LedgerUpdates(tables.ledger(), CommitSettings.defaults().tombstoneTimeToLive());
    }

    /**
     * The whole tables: every order, then every ledger entry of a gone order, in parallel segments; the segments
     * {@code checkpoint} has as done are skipped, and each one done is recorded in it: gone through to its end with
     * every order in it reconciled (a segment with an order left as it was is not done, so {@code --resume} goes
     * through it again).
     */
    public Result run(ReconcileCheckpoint checkpoint) {
        if (checkpoint.segments() != settings.segments()) {
            throw new IllegalArgumentException(
                    "the checkpoint has " + checkpoint.segments() + " segments, the run " + settings.segments());
        }
        int skipped = checkpoint.doneCount(ReconcileCheckpoint.Pass.ORDERS)
                + checkpoint.doneCount(ReconcileCheckpoint.Pass.LEDGER);
        ExecutorService workers = Executors.newFixedThreadPool(
                settings.segments(),
                runnable -> Thread.ofPlatform().name("reconcile-", 0).daemon().unstarted(runnable));
        try {
            for (ReconcileCheckpoint.Pass pass : ReconcileCheckpoint.Pass.values()) {
                List<Future<?>> segments = new ArrayList<>();
                for (int segment = 0; segment < settings.segments(); segment++) {
                    if (checkpoint.done(pass, segment)) {
                        continue;
                    }
                    int current = segment;
                    segments.add(workers.submit(() -> {
                        boolean done = pass == ReconcileCheckpoint.Pass.ORDERS
                                ? ordersSegment(current)
                                : ledgerSegment(current);
                        if (done && !settings.dryRun()) {
                            checkpoint.finished(pass, current);
                        }
                        return null;
                    }));
                }
                awaitAll(segments);
                if (stopped) {
                    break;
                }
            }
        } finally {
            Workers.stop(workers);
        }
        return result(!stopped, skipped);
    }

    /**
     * Only these orders (their primary keys), as {@code replay} needs after applying a range: each entry is brought to
     * its order's current image, and the entry of an order that is gone to a tombstone. The result counts this call.
     */
    public Result reconcile(Collection<Map<String, AttributeValue>> keys) {
        Result before = result(true, 0);
        Map<String, Map<String, AttributeValue>> distinct = new LinkedHashMap<>();
        keys.forEach(key -> distinct.putIfAbsent(OrderKeys.canonical(key), key));
        List<Map<String, AttributeValue>> all = List.copyOf(distinct.values());
        for (int from = 0; from < all.size() && !stopped; from += BatchReads.MAX_KEYS) {
            reconcileKeys(all.subList(from, Math.min(all.size(), from + BatchReads.MAX_KEYS)), true);
        }
        Result after = result(!stopped, 0);
        // This call's counts: one reconciler may serve many calls (replay: one per message).
        return new Result(
                after.scanned() - before.scanned(),
                after.ledgerChecked() - before.ledgerChecked(),
                after.corrected() - before.corrected(),
                after.orphans() - before.orphans(),
                after.failed() - before.failed(),
                after.complete(),
                0);
    }

    /** Asks the workers to stop after the order each is on; unfinished segments are not recorded as done. */
    public void stop() {
        stopped = true;
    }

    public Progress progress() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        return new Progress(scanned.get(), corrected.get(), orphans.get(), failed.get(), scanned.get() / seconds);
    }

    private Result result(boolean complete, int skipped) {
        return new Result(
                scanned.get(), ledgerChecked.get(), corrected.get(), orphans.get(), failed.get(), complete, skipped);
    }

    /** One segment of the orders; true if it was gone through to its end and every order in it reconciled. */
    private boolean ordersSegment(int segment) {
        Map<String, String> names = new LinkedHashMap<>();
        List<String> projected = new ArrayList<>();
        for (int index = 0; index < orders.keyAttributes().size(); index++) {
            names.put("#k" + index, orders.keyAttributes().get(index));
            projected.add("#k" + index);
        }
        ScanRequest request = ScanRequest.builder()
                .tableName(tables.orders())
                .segment(segment)
                .totalSegments(settings.segments())
                .projectionExpression(String.join(", ", projected))
                .expressionAttributeNames(names)
                .build();
        long failedHere = 0;
        for (ScanResponse page : dynamo.scanPaginator(request)) {
            if (stopped) {
                return false;
            }
            List<Map<String, AttributeValue>> keys =
                    page.items().stream().map(orders::keyOf).toList();
            for (int from = 0; from < keys.size(); from += BatchReads.MAX_KEYS) {
                failedHere +=
                        reconcileKeys(keys.subList(from, Math.min(keys.size(), from + BatchReads.MAX_KEYS)), true);
                if (stopped) {
                    return false;
                }
            }
        }
        return failedHere == 0;
    }

    /**
     * One segment of the ledger: the entries that count something or are quarantined, whose order is gone; true if it
     * was gone through to its end and every such entry reconciled.
     */
    private boolean ledgerSegment(int segment) {
        ScanRequest request = ScanRequest.builder()
                .tableName(tables.ledger())
                .segment(segment)
                .totalSegments(settings.segments())
                .filterExpression("#sk = :ledger AND (attribute_exists(#counted) OR attribute_exists(#quantity)"
                        + " OR attribute_exists(#kind))")
                .projectionExpression("#pk, #orderKey")
                .expressionAttributeNames(Map.of(
                        "#sk",
                        LedgerItem.SORT_KEY,
                        "#pk",
                        LedgerItem.PARTITION_KEY,
                        "#orderKey",
                        LedgerItem.ORDER_KEY,
                        "#counted",
                        LedgerItem.CONTRIBUTIONS,
                        "#quantity",
                        LedgerItem.LEGACY_COUNTED_QUANTITY,
                        "#kind",
                        LedgerItem.QUARANTINE_KIND))
                .expressionAttributeValues(Map.of(":ledger", AttributeValue.fromS(LedgerItem.LEDGER_SORT_KEY)))
                .build();
        long failedHere = 0;
        for (ScanResponse page : dynamo.scanPaginator(request)) {
            if (stopped) {
                return false;
            }
            Map<String, Map<String, AttributeValue>> keys = new LinkedHashMap<>();
            for (Map<String, AttributeValue> entry : page.items()) {
                AttributeValue orderKey = entry.get(LedgerItem.ORDER_KEY);
                if (orderKey == null || !orderKey.hasM() || orderKey.m().isEmpty()) {
                    failedHere++;
                    failed.incrementAndGet();
                    listener.failed(
                            entry.get(LedgerItem.PARTITION_KEY).s(),
                            "the ledger entry has no " + LedgerItem.ORDER_KEY + ": cannot tell which order it counts");
                    continue;
                }
                Optional<String> unfit = unfitKey(orderKey.m());
                if (unfit.isPresent()) {
                    // DynamoDB would refuse to read it, and the whole read with it: this entry fails, not the run.
                    failedHere++;
                    fail(entry.get(LedgerItem.PARTITION_KEY).s(), notAKey(unfit.get()));
                    continue;
                }
                keys.putIfAbsent(OrderKeys.canonical(orderKey.m()), orderKey.m());
            }
            ledgerChecked.addAndGet(page.items().size());
            List<Map<String, AttributeValue>> all = List.copyOf(keys.values());
            for (int from = 0; from < all.size(); from += BatchReads.MAX_KEYS) {
                List<Map<String, AttributeValue>> chunk =
                        all.subList(from, Math.min(all.size(), from + BatchReads.MAX_KEYS));
                Set<String> existing = new HashSet<>();
                Set<String> unreadable = new HashSet<>();
                failedHere += readOrders(chunk, existing, unreadable);
                List<Map<String, AttributeValue>> gone = chunk.stream()
                        .map(key -> Map.entry(OrderKeys.canonical(key), key))
                        .filter(key -> !existing.contains(key.getKey()) && !unreadable.contains(key.getKey()))
                        .map(Map.Entry::getValue)
                        .toList();
                if (!gone.isEmpty()) {
                    failedHere += reconcileKeys(gone, false);
                }
                if (stopped) {
                    return false;
                }
            }
        }
        return failedHere == 0;
    }

    /**
     * Why {@code key} (an entry's {@code order_key}) cannot be a key of the orders table, if it cannot: other attributes
     * than the table's key, or a value DynamoDB does not take as a key (a partition key over 2,048 bytes, a sort key
     * over 1,024). An entry written by hand, or left by an orders table keyed otherwise.
     */
    private Optional<String> unfitKey(Map<String, AttributeValue> key) {
        List<String> names = orders.keyAttributes();
        if (!key.keySet().equals(Set.copyOf(names))) {
            return Optional.of("its attributes " + new TreeSet<>(key.keySet()) + " are not the table's key " + names);
        }
        for (int index = 0; index < names.size(); index++) {
            AttributeValue value = key.get(names.get(index));
            long limit = index == 0 ? LedgerItem.MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
            long bytes = switch (value.type()) {
                case S -> value.s().getBytes(StandardCharsets.UTF_8).length;
                case B -> value.b().asByteArray().length;
                case N -> 0;
                default -> -1;
            };
            if (bytes < 0) {
                return Optional.of(names.get(index) + " is not a string, number or binary");
            }
            if (bytes > limit) {
                return Optional.of(names.get(index) + " is " + bytes + " bytes, over DynamoDB's limit of " + limit
                        + " for a " + (index == 0 ? "partition" : "sort") + " key");
            }
        }
        return Optional.empty();
    }

    private static String notAKey(String why) {
        return "its " + LedgerItem.ORDER_KEY + " is not a key of the orders table (" + why
                + "): cannot tell whether its order exists; fix or delete the entry by hand";
    }

    /**
     * Reads which of {@code keys} are orders that exist, into {@code existing}. A key DynamoDB refuses to read (it does
     * not fit the orders table's key in a way {@link #unfitKey} cannot see, a type say) fails alone, into
     * {@code unreadable}: a refused {@code BatchGetItem} is read again in halves. Returns how many failed.
     */
    private int readOrders(List<Map<String, AttributeValue>> keys, Set<String> existing, Set<String> unreadable) {
        try {
            BatchReads.consistent(dynamo, tables.orders(), keys)
                    .forEach(order -> existing.add(orders.orderKeyOf(order)));
            return 0;
        } catch (DynamoDbException e) {
            if (e.awsErrorDetails() == null
                    || !"ValidationException".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            if (keys.size() == 1) {
                String orderKey = OrderKeys.canonical(keys.getFirst());
                unreadable.add(orderKey);
                fail(
                        LedgerItem.partitionKey(orderKey),
                        notAKey("DynamoDB refused to read it: "
                                + e.awsErrorDetails().errorMessage()));
                return 1;
            }
            int half = keys.size() / 2;
            return readOrders(keys.subList(0, half), existing, unreadable)
                    + readOrders(keys.subList(half, keys.size()), existing, unreadable);
        }
    }

    /**
     * Reads the entries of these orders, then the orders (both strongly consistent), and reconciles each, until asked
     * to stop.
     *
     * @param scan whether these are orders of the scan (counted as scanned) rather than of gone orders' entries
     * @return how many of them were left as they were (see the listener)
     */
    private int reconcileKeys(List<Map<String, AttributeValue>> keys, boolean scan) {
        Map<String, Map<String, AttributeValue>> entries = new HashMap<>();
        List<Map<String, AttributeValue>> ledgerKeys = keys.stream()
                .map(key -> LedgerTable.key(OrderKeys.canonical(key)))
                .toList();
        for (Map<String, AttributeValue> entry : BatchReads.consistent(dynamo, tables.ledger(), ledgerKeys)) {
            entries.put(entry.get(LedgerItem.PARTITION_KEY).s(), entry);
        }
        Map<String, Map<String, AttributeValue>> images = new HashMap<>();
        for (Map<String, AttributeValue> order : BatchReads.consistent(dynamo, tables.orders(), keys)) {
            images.put(orders.orderKeyOf(order), order);
        }
        int failures = 0;
        Group group = new Group(maxGroupUnits());
        for (Map<String, AttributeValue> key : keys) {
            if (stopped) {
                return failures + commitGroup(group);
            }
            String orderKey = OrderKeys.canonical(key);
            Map<String, AttributeValue> entryItem = entries.get(LedgerItem.partitionKey(orderKey));
            Map<String, AttributeValue> order = images.get(orderKey);
            LedgerEntry entry = readable(entryItem);
            Optional<Plan> plan = entry == null ? Optional.empty() : plan(orderKey, key, entry, order);
            if (plan.isPresent() && !settings.dryRun()) {
                if (!group.fits(plan.get())) {
                    failures += commitGroup(group);
                }
                group.add(new Pending(orderKey, key, entryItem, entry.version(), order, plan.get()));
            } else if ((entry == null || plan.isPresent()) && !reconcileOne(orderKey, key, entryItem, order)) {
                // An unreadable entry (reconcileOne names it) or a dry run's correction (reported, not written).
                failures++;
            }
            if (scan) {
                scanned.incrementAndGet();
            }
        }
        return failures + commitGroup(group);
    }

    /** The entry, or null if it cannot be read (a hand edit): {@link #reconcileOne} reports that. */
    private static LedgerEntry readable(Map<String, AttributeValue> entryItem) {
        try {
            return LedgerEntry.from(entryItem);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** An order whose correction is planned, waiting in a {@link Group}; its entry and image as read. */
    private record Pending(
            String orderKey,
            Map<String, AttributeValue> key,
            Map<String, AttributeValue> entryItem,
            long version,
            Map<String, AttributeValue> order,
            Plan plan) {}

    /**
     * Corrections committed together in one transaction: a backfill corrects nearly every order, and one transaction
     * per order would spend most of its time on each request's fixed cost. Bounded by DynamoDB's limits on a
     * transaction (100 actions: an entry per order and each distinct total once; 4 MB, with room to spare: an entry's
     * write carries at most a quarantined image of 64 KB) and, under {@code --max-write-units}, so that a group spends
     * no more than a second's units at once.
     */
    private static final class Group {

        static final int MAX_ACTIONS = 100;
        static final long MAX_BYTES = 1024 * 1024;

        private final int maxUnits;
        private final List<Pending> pending = new ArrayList<>();
        private final Set<TotalKey> totals = new HashSet<>();
        private int units;
        private long bytes;

        Group(int maxUnits) {
            this.maxUnits = maxUnits;
        }

        /** Whether the plan may join the group; always so for an empty group. */
        boolean fits(Plan plan) {
            if (pending.isEmpty()) {
                return true;
            }
            long newTotals = plan.correction().deltas().keySet().stream()
                    .filter(total -> !totals.contains(total))
                    .count();
            return pending.size() + 1 + totals.size() + newTotals <= MAX_ACTIONS
                    && units + plan.writeUnits() <= maxUnits
                    && bytes + plan.requestBytes() <= MAX_BYTES;
        }

        void add(Pending order) {
            pending.add(order);
            totals.addAll(order.plan().correction().deltas().keySet());
            units += order.plan().writeUnits();
            bytes += order.plan().requestBytes();
        }

        List<Pending> drain() {
            List<Pending> drained = List.copyOf(pending);
            pending.clear();
            totals.clear();
            units = 0;
            bytes = 0;
            return drained;
        }
    }

    private int maxGroupUnits() {
        return settings.maxWriteUnitsPerSecond() > 0
                ? (int) Math.max(1, settings.maxWriteUnitsPerSecond())
                : Integer.MAX_VALUE;
    }

    /**
     * Commits the group's corrections in one transaction: every entry conditioned on its version as read, each total
     * moved once by the sum of its orders' differences. If anything cancels it (an entry moved, a conflict, a refusal)
     * each order goes through {@link #reconcileOne} alone, which tells which and retries or reports it. Returns how
     * many orders were left as they were.
     */
    private int commitGroup(Group group) {
        List<Pending> pending = group.drain();
        if (pending.isEmpty()) {
            return 0;
        }
        if (pending.size() > 1) {
            List<TransactWriteItem> actions = new ArrayList<>();
            Map<TotalKey, Map<String, BigInteger>> deltas = new TreeMap<>();
            int units = 0;
            for (Pending order : pending) {
                actions.add(TransactWriteItem.builder()
                        .update(updates.reconcileMove(
                                order.plan().write(),
                                order.version(),
                                order.entryItem(),
                                clock.instant(),
                                order.plan().keepNote()))
                        .build());
                order.plan()
                        .correction()
                        .deltas()
                        .forEach((total, measures) -> measures.forEach(
                                (measure, delta) -> deltas.computeIfAbsent(total, ignored -> new TreeMap<>())
                                        .merge(measure, delta, BigInteger::add)));
                units += order.plan().writeUnits();
            }
            deltas.values().forEach(measures -> measures.values().removeIf(delta -> delta.signum() == 0));
            deltas.forEach((total, measures) -> {
                if (!measures.isEmpty()) {
                    actions.add(TransactWriteItem.builder()
                            .update(LedgerUpdates.addToTotal(total, measures))
                            .build());
                }
            });
            if (transact(actions, units) instanceof Commit.Done) {
                pending.forEach(order -> report(order.plan().correction()));
                return 0;
            }
        }
        int failures = 0;
        for (Pending order : pending) {
            if (!reconcileOne(order.orderKey(), order.key(), order.entryItem(), order.order())) {
                failures++;
            }
        }
        return failures;
    }

    /**
     * Brings one entry to its order, re-reading both (entry first) whenever the entry moved under the commit; false if
     * it is left as it was (told to the listener).
     */
    private boolean reconcileOne(
            String orderKey,
            Map<String, AttributeValue> key,
            Map<String, AttributeValue> entryItem,
            Map<String, AttributeValue> order) {
        for (int attempt = 1; ; attempt++) {
            LedgerEntry entry;
            try {
                entry = LedgerEntry.from(entryItem);
            } catch (RuntimeException unreadable) {
                fail(
                        orderKey,
                        "its ledger entry cannot be read (" + unreadable.getMessage() + "); fix or delete it by hand");
                return false;
            }
            Optional<Plan> plan = plan(orderKey, key, entry, order);
            if (plan.isEmpty()) {
                return true;
            }
            if (settings.dryRun()) {
                report(plan.get().correction());
                return true;
            }
            Commit outcome = commit(plan.get(), entry.version(), entryItem);
            switch (outcome) {
                case Commit.Done done -> {
                    report(plan.get().correction());
                    return true;
                }
                case Commit.Refused(String reason) -> {
                    fail(
                            orderKey,
                            "DynamoDB refused the correction (" + reason + "); "
                                    + plan.get().correction().describe());
                    return false;
                }
                case Commit.Moved moved -> {
                    if (attempt >= MAX_ATTEMPTS) {
                        fail(
                                orderKey,
                                "its ledger entry kept changing (" + attempt + " attempts); run reconcile again");
                        return false;
                    }
                    backOff(attempt);
                    entryItem = getConsistent(tables.ledger(), LedgerTable.key(orderKey));
                    order = getConsistent(tables.orders(), key);
                }
            }
        }
    }

    /** @param requestBytes at most what the entry's write adds to a transaction's request */
    private record Plan(
            Correction correction, LedgerWrite write, boolean keepNote, int writeUnits, long requestBytes) {}

    /** What to write for this entry and image, if they disagree (contribution or quarantine: see {@link LedgerCheck}). */
    private Optional<Plan> plan(
            String orderKey, Map<String, AttributeValue> key, LedgerEntry entry, Map<String, AttributeValue> order) {
        LedgerCheck check = LedgerCheck.of(tables.aggregations(), tables.reconciled(), orderKey, entry, order);
        if (check.agrees()) {
            return Optional.empty();
        }
        LedgerCheck.Repair repair = check.repair();
        // Only the reconciled aggregations' totals move: the entry keeps the others' parts as they are.
        Map<TotalKey, SortedMap<String, BigInteger>> deltas =
                tables.reconciled().deltas(entry.contribution(), repair.contribution());
        Optional<LedgerWrite.Quarantine> quarantine = repair.malformedReason()
                .map(reason -> new LedgerWrite.Quarantine(
                        LedgerItem.MALFORMED, "current image: " + reason, RECONCILE_EVENT, Optional.of(order)));
        Map<String, AttributeValue> recordedKey =
                check.orderExists() || entry.orderKey().isEmpty() ? key : entry.orderKey();
        LedgerWrite write =
                new LedgerWrite(orderKey, recordedKey, repair.contribution(), quarantine, repair.tombstone());
        // Transactional writes cost two units per KB of each item: a ledger entry is under 1 KB unless it keeps an
        // image.
        long entryBytes = 1_000
                + (quarantine.isPresent()
                        ? Math.min(ItemSizes.of(order), LedgerUpdates.MAX_QUARANTINED_IMAGE_BYTES)
                        : 0);
        int units = (int) (2 * ((entryBytes + 1023) / 1024) + 2L * deltas.size());
        Correction correction = new Correction(
                orderKey,
                check.orderExists(),
                check.ledger(),
                check.target().contribution(),
                deltas,
                entry.quarantineKind(),
                repair.malformedReason(),
                !settings.dryRun(),
                tables.aggregations(),
                repair.keepsNote(),
                repair.tombstone());
        return Optional.of(new Plan(
                correction, write, repair.keepsNote(), units, entryBytes + 2L * LedgerItem.MAX_PARTITION_KEY_BYTES));
    }

    private sealed interface Commit {

        record Done() implements Commit {}

        /** The entry is no longer at the version read (a stream record, or a concurrent transaction). */
        record Moved() implements Commit {}

        record Refused(String reason) implements Commit {}
    }

    /** @param entry the entry as read (at {@code version}), so the write keeps it within DynamoDB's item size limit */
    private Commit commit(Plan plan, long version, Map<String, AttributeValue> entry) {
        List<TransactWriteItem> actions = new ArrayList<>(3);
        actions.add(TransactWriteItem.builder()
                .update(updates.reconcileMove(plan.write(), version, entry, clock.instant(), plan.keepNote()))
                .build());
        plan.correction()
                .deltas()
                .forEach((totalKey, delta) -> actions.add(TransactWriteItem.builder()
                        .update(LedgerUpdates.addToTotal(totalKey, delta))
                        .build()));
        return transact(actions, plan.writeUnits());
    }

    /** One transaction, its write units taken from the rate limit first; a cancellation read as a {@link Commit}. */
    private Commit transact(List<TransactWriteItem> actions, int writeUnits) {
        try {
            limiter.acquire(writeUnits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        try {
            dynamo.transactWriteItems(request -> request.transactItems(actions));
            return new Commit.Done();
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons =
                    cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
            if (!reasons.isEmpty()
                    && CONDITIONAL_CHECK_FAILED.equals(reasons.getFirst().code())) {
                return new Commit.Moved();
            }
            List<String> refused = reasons.stream()
                    .filter(reason -> REFUSED.contains(reason.code()))
                    .map(reason -> reason.code() + (reason.message() == null ? "" : ": " + reason.message()))
                    .distinct()
                    .toList();
            if (!refused.isEmpty()) {
                return new Commit.Refused(String.join("; ", refused));
            }
            // TransactionConflict (the function writing the same entry or total), throttling: read again and retry.
            return new Commit.Moved();
        } catch (DynamoDbException e) {
            if (e.awsErrorDetails() != null
                    && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
                return new Commit.Refused(e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }

    private Map<String, AttributeValue> getConsistent(String table, Map<String, AttributeValue> key) {
        var response =
                dynamo.getItem(request -> request.tableName(table).key(key).consistentRead(true));
        return response.hasItem() ? response.item() : null;
    }

    private void report(Correction correction) {
        (correction.orderExists() ? corrected : orphans).incrementAndGet();
        listener.corrected(correction);
    }

    private void fail(String orderKey, String reason) {
        failed.incrementAndGet();
        listener.failed(orderKey, reason);
    }

    private static void backOff(int attempt) {
        long base = 10L << Math.min(attempt - 1, 6);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitAll(List<Future<?>> futures) {
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            // The other workers stop after the order they are on (never interrupted in the middle of a request).
            stopped = true;
            if (e.getCause() instanceof SdkException sdk) {
                throw sdk;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("reconcile failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            stopped = true;
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
