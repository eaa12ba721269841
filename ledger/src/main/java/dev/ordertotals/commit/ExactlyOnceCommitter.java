package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.stream.StreamChange;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Commits stream records to the totals exactly once, through the per-order ledger (see {@link LedgerTable}).
 *
 * <p>A batch's records are grouped per order ({@link OrderMove}); a transaction holds, for each order, one update
 * of its ledger entry to the contribution of its latest image, conditioned on none of its records' eventIDs
 * having been processed and on the entry holding what the first record's old image contributed; and the totals'
 * {@code ADD}s of the differences, summed per key. No read on the happy path. When a condition fails, the
 * cancellation reason carries the entry (ALL_OLD): records it has already seen are dropped (a redelivery), the
 * actual contribution replaces the expected one (a pre-existing order, a lost record, a concurrent reconcile),
 * and the transaction is retried. Because totals only ever move by ledger differences, every total always equals
 * the sum of the ledger contributions with its key.
 *
 * <p>A transaction DynamoDB refuses (a corrupt or overflowing total, an item too large) is retried order by
 * order; an order it still refuses is parked on its ledger entry with DynamoDB's reason, leaving its entry and
 * every total as they were, so no other order's deltas are lost and nothing blocks the shard. At the first
 * transaction that cannot be committed for any other reason (conflicts or throttling beyond the retries, too
 * little time left), the call stops and reports the earliest record not committed, so Lambda retries from there;
 * records committed after it are recognised by their eventIDs when they come again.
 */
public final class ExactlyOnceCommitter {

    /** How committing some orders' moves ended: all committed (or parked, or found applied), or stopped with a reason. */
    private sealed interface Outcome {

        Outcome DONE = new Done();

        record Done() implements Outcome {}

        /** What is left of the moves is retried by Lambda, from the first of their records. */
        record Stopped(String reason) implements Outcome {}
    }

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    /** Cancellation reasons that no retry can cure: DynamoDB refuses the write itself. */
    private static final Set<String> REFUSED = Set.of("ValidationError", "ItemCollectionSizeLimitExceeded");

    private static final String VALIDATION_EXCEPTION = "ValidationException";
    private static final Comparator<StreamChange> STREAM_ORDER =
            Comparator.comparing(change -> new BigInteger(change.sequenceNumber()));

    private final DynamoDbClient dynamo;
    private final Aggregations aggregations;
    private final CommitSettings settings;
    private final Clock clock;
    private final LedgerUpdates updates;
    /** How many orders a transaction may hold: lowered when one times out, raised again as they succeed. */
    private final TransactionCap cap;

    /** The source document's aggregation alone, into {@code totalsTable}. */
    public ExactlyOnceCommitter(
            DynamoDbClient dynamo, String totalsTable, String ledgerTable, CommitSettings settings, Clock clock) {
        this(dynamo, Aggregations.orderTotals(totalsTable), ledgerTable, settings, clock);
    }

    public ExactlyOnceCommitter(
            DynamoDbClient dynamo,
            Aggregations aggregations,
            String ledgerTable,
            CommitSettings settings,
            Clock clock) {
        this(dynamo, aggregations, settings, clock, new LedgerUpdates(ledgerTable, settings.tombstoneTimeToLive()));
    }

    private ExactlyOnceCommitter(
            DynamoDbClient dynamo,
            Aggregations aggregations,
            CommitSettings settings,
            Clock clock,
            LedgerUpdates updates) {
        this.dynamo = dynamo;
        this.aggregations = aggregations;
        this.settings = settings;
        this.clock = clock;
        this.updates = updates;
        this.cap = new TransactionCap(settings.maxActionsPerTransaction());
    }

    /**
     * The same commit for records applied late, after newer records of their orders may have been ({@code replay}):
     * it leaves the entries' quarantine notes as they are ({@link LedgerUpdates#forLateRecords}); the caller then
     * reconciles the orders.
     */
    public ExactlyOnceCommitter forLateRecords() {
        return new ExactlyOnceCommitter(dynamo, aggregations, settings, clock, updates.forLateRecords());
    }

    /**
     * Commits a batch.
     *
     * @param changes the batch, in stream order
     * @param remainingMillis time left in the invocation ({@code Context::getRemainingTimeInMillis})
     */
    public BatchReport commit(List<StreamChange> changes, LongSupplier remainingMillis) {
        Tally tally = new Tally(changes.size());
        Map<String, List<ReadRecord>> byOrder = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (StreamChange change : changes) {
            if (!seen.add(change.eventId())) {
                tally.duplicates++;
                continue;
            }
            ReadRecord record = ReadRecord.of(change, aggregations);
            if (record.needsCommit()) {
                byOrder.computeIfAbsent(change.orderKey(), key -> new ArrayList<>())
                        .add(record);
            } else {
                tally.skipped++;
            }
        }
        List<List<OrderMove>> transactions = new ArrayList<>();
        rounds(byOrder).forEach(round -> transactions.addAll(plan(round)));
        SetAside setAside = new SetAside();
        for (int index = 0; index < transactions.size(); index++) {
            List<OrderMove> todo = new ArrayList<>(transactions.get(index));
            todo.removeIf(setAside::keepsBack); // an order set aside keeps its later records back too
            Outcome failure = commitSafely(todo, remainingMillis, tally, setAside);
            if (failure instanceof Outcome.Stopped(String reason)) {
                List<StreamChange> left = new ArrayList<>(setAside.records());
                todo.forEach(move -> left.addAll(move.changes()));
                transactions
                        .subList(index + 1, transactions.size())
                        .forEach(later -> later.forEach(move -> left.addAll(move.changes())));
                return tally.failedAt(
                        left.stream().min(STREAM_ORDER).orElseThrow().sequenceNumber(), reason, left.size());
            }
        }
        if (!setAside.isEmpty()) {
            List<StreamChange> left = setAside.records();
            return tally.failedAt(
                    left.stream().min(STREAM_ORDER).orElseThrow().sequenceNumber(), setAside.reason(), left.size());
        }
        return tally.done();
    }

    /**
     * The moves of a batch in rounds: an order's records are cut into runs of at most {@link
     * LedgerUpdates#MAX_EVENTS_PER_WRITE}, because each record adds its eventID to the entry's condition and DynamoDB
     * refuses a condition over 4 KB; run k of every order goes in round k, so an order's runs commit in stream order
     * (DynamoDB allows one action per item in a transaction, so two runs of one order never share one).
     */
    private List<List<OrderMove>> rounds(Map<String, List<ReadRecord>> byOrder) {
        List<List<OrderMove>> rounds = new ArrayList<>();
        byOrder.forEach((orderKey, records) -> {
            for (int from = 0, round = 0; from < records.size(); from += LedgerUpdates.MAX_EVENTS_PER_WRITE, round++) {
                if (rounds.size() == round) {
                    rounds.add(new ArrayList<>());
                }
                int to = Math.min(records.size(), from + LedgerUpdates.MAX_EVENTS_PER_WRITE);
                rounds.get(round).add(new OrderMove(orderKey, records.subList(from, to), aggregations));
            }
        });
        return rounds;
    }

    /** Packs the moves into transactions within DynamoDB's limits: actions (one per move, one per total) and bytes. */
    private List<List<OrderMove>> plan(List<OrderMove> moves) {
        List<List<OrderMove>> transactions = new ArrayList<>();
        List<OrderMove> current = new ArrayList<>();
        Set<TotalKey> keys = new HashSet<>();
        long bytes = 0;
        for (OrderMove move : moves) {
            Set<TotalKey> moveKeys = move.deltas().keySet();
            long newKeys = moveKeys.stream().filter(key -> !keys.contains(key)).count();
            // A cancellation may reveal other expected keys than planned: then the transaction is split (see below).
            boolean tooMany = current.size() + 1 + keys.size() + newKeys > settings.maxActionsPerTransaction();
            boolean tooLarge = bytes + move.estimatedBytes() > settings.maxBytesPerTransaction();
            boolean overCap = current.size() + 1 > cap.current();
            if (!current.isEmpty() && (tooMany || tooLarge || overCap)) {
                transactions.add(current);
                current = new ArrayList<>();
                keys.clear();
                bytes = 0;
            }
            current.add(move);
            keys.addAll(moveKeys);
            bytes += move.estimatedBytes();
        }
        if (!current.isEmpty()) {
            transactions.add(current);
        }
        return transactions;
    }

    /**
     * {@link #commitTransaction}, with anything it did not foresee (a bug of ours, an error while handling another)
     * reported like any failure: the invocation still answers with a partial batch response.
     */
    private Outcome commitSafely(List<OrderMove> todo, LongSupplier remainingMillis, Tally tally, SetAside setAside) {
        try {
            return commitTransaction(todo, remainingMillis, tally, setAside);
        } catch (RuntimeException e) {
            return new Outcome.Stopped("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Commits the moves in one transaction, learning from cancellations; returns why it failed, if it did. Moves
     * committed, found fully processed or set aside are removed from {@code todo}, so on failure it holds exactly the
     * moves not committed.
     */
    private Outcome commitTransaction(
            List<OrderMove> todo, LongSupplier remainingMillis, Tally tally, SetAside setAside) {
        int conflicts = 0;
        int corrections = 0;
        while (!todo.isEmpty()) {
            if (remainingMillis.getAsLong() < settings.minRemainingTime().toMillis()) {
                return new Outcome.Stopped(
                        "too little time left in the invocation (" + remainingMillis.getAsLong() + " ms)");
            }
            Instant now = clock.instant();
            Map<TotalKey, Map<String, BigInteger>> sums = new TreeMap<>();
            List<TransactWriteItem> actions = new ArrayList<>(todo.size() * 2);
            for (OrderMove move : todo) {
                actions.add(TransactWriteItem.builder()
                        .update(updates.streamMove(move.write(), move.expected(), move.eventIds(), now))
                        .build());
                move.deltas()
                        .forEach((key, deltas) ->
                                deltas.forEach((measure, delta) -> sums.computeIfAbsent(key, ignored -> new TreeMap<>())
                                        .merge(measure, delta, BigInteger::add)));
            }
            sums.values().forEach(measures -> measures.values().removeIf(delta -> delta.signum() == 0));
            sums.values().removeIf(Map::isEmpty);
            boolean tooMany = actions.size() + sums.size() > settings.maxActionsPerTransaction();
            if (todo.size() > 1 && (tooMany || todo.size() > cap.current())) {
                // Corrections revealed more totals than planned, or a transaction this size timed out: two halves.
                return inHalves(todo, remainingMillis, tally, setAside);
            }
            sums.forEach((key, deltas) -> actions.add(TransactWriteItem.builder()
                    .update(LedgerUpdates.addToTotal(key, deltas))
                    .build()));
            switch (attempt(actions)) {
                case Attempt.Committed committed -> {
                    tally.committed(todo, sums.size());
                    cap.succeeded(todo.size());
                    todo.clear();
                    return Outcome.DONE;
                }
                case Attempt.Cancelled(List<CancellationReason> reasons) -> {
                    if (learnFrom(todo, reasons, now, tally, setAside)) {
                        if (++corrections > settings.maxConflictRetries() * 4) {
                            return new Outcome.Stopped(
                                    "ledger entries kept changing under this batch (" + corrections + " corrections)");
                        }
                        continue;
                    }
                    if (reasons.stream().map(CancellationReason::code).anyMatch(REFUSED::contains)) {
                        return commitOneByOne(
                                todo, remainingMillis, tally, setAside, "transaction refused: " + reasonCodes(reasons));
                    }
                    if (++conflicts > settings.maxConflictRetries()) {
                        return new Outcome.Stopped(
                                "transaction cancelled " + conflicts + " times: " + reasonCodes(reasons));
                    }
                    backOff(conflicts);
                }
                case Attempt.Refused(String message) -> {
                    return commitOneByOne(todo, remainingMillis, tally, setAside, "request refused: " + message);
                }
                case Attempt.TimedOut(String message) -> {
                    // Whether it was applied is learnt from the eventIDs when it is tried again. Smaller
                    // transactions from now on, so a batch whose transaction outlasts the attempt timeout still
                    // moves instead of being redelivered whole, again and again.
                    cap.timedOut(todo.size());
                    if (todo.size() == 1) {
                        return new Outcome.Stopped("timed out: " + message);
                    }
                    pause(settings.timeoutPause());
                }
                case Attempt.Failed(String message) -> {
                    return new Outcome.Stopped(message);
                }
            }
        }
        return Outcome.DONE;
    }

    /** Commits the first half of {@code todo}, then the second; on failure {@code todo} holds what is left. */
    private Outcome inHalves(List<OrderMove> todo, LongSupplier remainingMillis, Tally tally, SetAside setAside) {
        List<OrderMove> second = new ArrayList<>(todo.subList(todo.size() / 2, todo.size()));
        todo.removeAll(second);
        Outcome failure = commitTransaction(todo, remainingMillis, tally, setAside);
        if (failure instanceof Outcome.Stopped) {
            todo.addAll(second);
            return failure;
        }
        Outcome secondFailure = commitTransaction(second, remainingMillis, tally, setAside);
        todo.addAll(second);
        return secondFailure;
    }

    /** What one {@code TransactWriteItems} call came to. */
    private sealed interface Attempt {

        record Committed() implements Attempt {}

        /** A condition failed, or a conflict or throttling cancelled it; DynamoDB's reasons, one per action. */
        record Cancelled(List<CancellationReason> reasons) implements Attempt {}

        /** DynamoDB refused the request itself (ValidationException): nothing was evaluated. */
        record Refused(String message) implements Attempt {}

        /** No answer within the SDK's timeouts: it may or may not have been applied. */
        record TimedOut(String message) implements Attempt {}

        /** Anything else, after the SDK's own retries. */
        record Failed(String message) implements Attempt {}
    }

    private Attempt attempt(List<TransactWriteItem> actions) {
        try {
            dynamo.transactWriteItems(request -> request.transactItems(actions));
            return new Attempt.Committed();
        } catch (TransactionCanceledException cancelled) {
            return new Attempt.Cancelled(
                    cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of());
        } catch (DynamoDbException e) {
            return VALIDATION_EXCEPTION.equals(errorCode(e))
                    ? new Attempt.Refused(e.getMessage())
                    : new Attempt.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (SdkException e) {
            // The SDK has already retried throttling and transient network errors.
            return timedOut(e)
                    ? new Attempt.TimedOut(e.getClass().getSimpleName() + ": " + e.getMessage())
                    : new Attempt.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiCallTimeoutException
                    || cause instanceof ApiCallAttemptTimeoutException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the ledger entries returned with failed conditions: drops records already processed and corrects
     * expected contributions; an order whose entry cannot be read (edited by hand) is set aside, so the others
     * still commit. True if anything was learned (then the transaction is worth retrying at once).
     */
    private static boolean learnFrom(
            List<OrderMove> todo, List<CancellationReason> reasons, Instant now, Tally tally, SetAside setAside) {
        boolean learned = false;
        LedgerTable.EventSets sets = LedgerTable.EventSets.at(now);
        List<OrderMove> done = new ArrayList<>();
        for (int index = 0; index < Math.min(todo.size(), reasons.size()); index++) {
            if (!CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code())) {
                continue;
            }
            OrderMove move = todo.get(index);
            LedgerEntry entry;
            try {
                entry = LedgerEntry.from(
                        reasons.get(index).hasItem() ? reasons.get(index).item() : null);
            } catch (RuntimeException unreadable) {
                setAside.add(
                        move,
                        "the ledger entry of order " + Text.truncate(move.orderKey(), 200) + " cannot be read ("
                                + unreadable.getMessage() + "): fix or delete it by hand, then run reconcile");
                done.add(move);
                continue;
            }
            Set<String> seen = new HashSet<>();
            move.eventIds().stream()
                    .filter(eventId -> entry.seen(eventId, sets))
                    .forEach(seen::add);
            if (!seen.isEmpty()) {
                int before = move.records().size();
                boolean left = move.dropSeen(seen);
                tally.duplicates += before - move.records().size();
                if (!left) {
                    done.add(move);
                }
                learned = true;
            }
            if (move.expect(entry)) {
                learned = true;
            }
        }
        todo.removeAll(done);
        return learned || !done.isEmpty();
    }

    /**
     * DynamoDB refused a transaction as such (not a conflict, not a condition): commit its orders one at a time,
     * and park each order it still refuses.
     */
    private Outcome commitOneByOne(
            List<OrderMove> todo, LongSupplier remainingMillis, Tally tally, SetAside setAside, String why) {
        if (todo.size() == 1) {
            return park(todo, tally, why);
        }
        while (!todo.isEmpty()) {
            OrderMove first = todo.getFirst();
            List<OrderMove> alone = new ArrayList<>(List.of(first));
            Outcome failure = commitTransaction(alone, remainingMillis, tally, setAside);
            if (failure instanceof Outcome.Stopped(String reason)) {
                if (remainingMillis.getAsLong() < settings.minRemainingTime().toMillis()) {
                    return failure; // out of time: everything left is retried
                }
                // This order alone failed (a timeout while parking, say): it is retried, the others go on.
                setAside.add(first, reason);
            }
            todo.removeFirst();
        }
        return Outcome.DONE;
    }

    /** Parks the one move left: its entry and every total unchanged, DynamoDB's reason on the entry. */
    private Outcome park(List<OrderMove> todo, Tally tally, String why) {
        OrderMove move = todo.getFirst();
        StreamChange latest = move.records().getLast().change();
        String reason = "refused by DynamoDB: " + why;
        try {
            dynamo.updateItem(LedgerUpdates.asRequest(updates.park(
                    move.orderKey(), latest.keys(), move.eventIds(), reason, latest.eventId(), clock.instant())));
            tally.parked(move, reason);
        } catch (ConditionalCheckFailedException alreadySeen) {
            tally.duplicates += move.records().size();
        } catch (DynamoDbException e) {
            if (!VALIDATION_EXCEPTION.equals(errorCode(e))) {
                return new Outcome.Stopped(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            // Even the note is refused (the entry itself too large): count it, say it, move on. The order's
            // difference stays visible to verify and reconcile as "ledger differs from the order".
            tally.unparkable(move, reason + "; parking refused too: " + e.getMessage());
        } catch (SdkException e) {
            // A timeout or a lost connection while parking: the records are retried, and parked or applied then.
            return new Outcome.Stopped(
                    "while parking a refused record: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        todo.clear();
        return Outcome.DONE;
    }

    private static String errorCode(DynamoDbException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void backOff(int attempt) {
        long base = settings.conflictBackoff().toMillis() << Math.min(attempt - 1, 6);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reasonCodes(List<CancellationReason> reasons) {
        return reasons.isEmpty()
                ? "no reasons given"
                : reasons.stream()
                        .map(CancellationReason::code)
                        .distinct()
                        .toList()
                        .toString();
    }

    /** Running counts for one batch. */
    private static final class Tally {
        private final int received;
        private int applied;
        private int skipped;
        private int quarantined;
        private int duplicates;
        private int transactions;
        private int totalsUpdated;
        private final List<BatchReport.QuarantinedRecord> quarantinedRecords = new ArrayList<>(0);

        Tally(int received) {
            this.received = received;
        }

        void committed(List<OrderMove> moves, int totals) {
            transactions++;
            totalsUpdated += totals;
            for (OrderMove move : moves) {
                for (ReadRecord record : move.records()) {
                    if (record.after().isMalformed()) {
                        quarantined++;
                        quarantinedRecords.add(new BatchReport.QuarantinedRecord(
                                record.eventId(),
                                record.change().sequenceNumber(),
                                "NewImage: " + record.after().malformedReason().orElseThrow()));
                    } else {
                        applied++;
                    }
                }
            }
        }

        void parked(OrderMove move, String reason) {
            transactions++;
            for (StreamChange record : move.changes()) {
                quarantined++;
                quarantinedRecords.add(
                        new BatchReport.QuarantinedRecord(record.eventId(), record.sequenceNumber(), reason));
            }
        }

        void unparkable(OrderMove move, String reason) {
            parked(move, reason);
            transactions--;
        }

        BatchReport done() {
            return report(0, new BatchReport.Complete());
        }

        BatchReport failedAt(String sequenceNumber, String failure, int notAttempted) {
            return report(notAttempted, new BatchReport.StoppedAt(sequenceNumber, failure));
        }

        private BatchReport report(int notAttempted, BatchReport.Outcome outcome) {
            return new BatchReport(
                    received,
                    applied,
                    skipped,
                    quarantined,
                    duplicates,
                    notAttempted,
                    transactions,
                    totalsUpdated,
                    outcome,
                    List.copyOf(quarantinedRecords));
        }
    }
}
