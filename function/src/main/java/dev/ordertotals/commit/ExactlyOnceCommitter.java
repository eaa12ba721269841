package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Aggregation;
import dev.ordertotals.aggregation.RecordEffect;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.stream.StreamChange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Commits stream records to the totals exactly once, however often Lambda delivers them.
 *
 * <p>Records are grouped (see {@link TransactionPlanner}); each group is one {@code TransactWriteItems}: the
 * group's deltas summed per total ({@code ADD}), plus one applied marker per record keyed by its eventID and
 * conditioned on not existing, plus a quarantine entry for each malformed record. Either all of it lands or
 * none. A marker that already exists cancels the transaction; its {@code CancellationReasons} name which
 * records were applied before, so those are dropped, the rest re-summed and the transaction retried. Because
 * every record carries its own marker, any redelivery is exact: whole or partial, with other batch
 * boundaries, after a crash between transactions, or after a timeout that hid a success.
 *
 * <p>Groups are committed in stream order. At the first group that cannot be committed (conflicts or
 * throttling beyond the retries, any other error, too little time left), the call stops and reports that
 * group's first record, so Lambda retries from there and nothing after it is applied out of order.
 */
public final class ExactlyOnceCommitter {

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    /** Cancellation reasons that no retry can cure: the transaction itself is refused. */
    private static final Set<String> REJECTED = Set.of("ValidationError", "ItemCollectionSizeLimitExceeded");
    private static final String VALIDATION_EXCEPTION = "ValidationException";
    private static final String MARKER_ABSENT = "attribute_not_exists(" + StateTable.PARTITION_KEY + ")";
    private static final String ADD_QUANTITY = "ADD #q :delta";
    private static final Map<String, String> QUANTITY_NAME = Map.of("#q", TotalsTable.QUANTITY);

    private final DynamoDbClient dynamo;
    private final String totalsTable;
    private final String stateTable;
    private final CommitSettings settings;
    private final Clock clock;
    private final TransactionPlanner planner;

    public ExactlyOnceCommitter(DynamoDbClient dynamo, String totalsTable, String stateTable, CommitSettings settings, Clock clock) {
        this.dynamo = dynamo;
        this.totalsTable = totalsTable;
        this.stateTable = stateTable;
        this.settings = settings;
        this.clock = clock;
        this.planner = new TransactionPlanner(settings);
    }

    /**
     * Commits a batch in stream order.
     *
     * @param changes the batch, in stream order
     * @param remainingMillis time left in the invocation ({@code Context::getRemainingTimeInMillis})
     */
    public BatchReport commit(List<StreamChange> changes, LongSupplier remainingMillis) {
        Tally tally = new Tally(changes.size());
        List<PendingRecord> pending = new ArrayList<>(changes.size());
        Set<String> seen = new HashSet<>();
        for (StreamChange change : changes) {
            if (!seen.add(change.eventId())) {
                tally.duplicates++;
                continue;
            }
            RecordEffect effect = Aggregation.effectOf(change.toChangeRecord());
            if (effect.needsCommit()) {
                pending.add(new PendingRecord(change, effect));
            } else {
                tally.skipped++;
            }
        }
        List<List<PendingRecord>> groups = planner.plan(pending);
        for (int index = 0; index < groups.size(); index++) {
            List<PendingRecord> todo = new ArrayList<>(groups.get(index));
            Optional<String> failure = commitGroup(todo, remainingMillis, tally);
            if (failure.isPresent()) {
                int left = todo.size() + groups.subList(index + 1, groups.size()).stream().mapToInt(List::size).sum();
                return tally.failedAt(todo.getFirst().change().sequenceNumber(), failure.get(), left);
            }
        }
        return tally.done();
    }

    /**
     * Commits one group, retrying after duplicates and conflicts; returns why it failed, if it did. Records found
     * already applied are removed from {@code todo}, so on failure it holds exactly the records not committed.
     */
    private Optional<String> commitGroup(List<PendingRecord> todo, LongSupplier remainingMillis, Tally tally) {
        int conflicts = 0;
        while (!todo.isEmpty()) {
            if (remainingMillis.getAsLong() < settings.minRemainingTime().toMillis()) {
                return Optional.of("too little time left in the invocation (" + remainingMillis.getAsLong() + " ms)");
            }
            Transaction transaction = transactionFor(todo);
            try {
                dynamo.transactWriteItems(request -> request.transactItems(transaction.actions()));
                tally.committed(todo, transaction.totalsUpdated());
                return Optional.empty();
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
                List<PendingRecord> alreadyApplied = transaction.alreadyApplied(reasons);
                if (!alreadyApplied.isEmpty()) {
                    tally.duplicates += alreadyApplied.size();
                    todo.removeAll(alreadyApplied);
                    continue;
                }
                if (reasons.stream().map(CancellationReason::code).anyMatch(REJECTED::contains)) {
                    return commitOneByOne(todo, remainingMillis, tally, "transaction rejected: " + reasonCodes(reasons));
                }
                if (++conflicts > settings.maxConflictRetries()) {
                    return Optional.of("transaction cancelled " + conflicts + " times: " + reasonCodes(reasons));
                }
                backOff(conflicts);
            } catch (DynamoDbException e) {
                if (VALIDATION_EXCEPTION.equals(errorCode(e))) {
                    return commitOneByOne(todo, remainingMillis, tally, "request rejected: " + e.getMessage());
                }
                return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (SdkException e) {
                // The SDK has already retried throttling and transient network errors.
                return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // A bug of ours must not fail the whole invocation: report the group for retry like any failure.
                return Optional.of("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * DynamoDB refused a transaction as such (not a conflict, not a duplicate): find the record it refuses by
     * committing them one at a time, and quarantine that record with what can be stored of it, so one record
     * never blocks its shard. Records before it are committed; the rest follow in order.
     */
    private Optional<String> commitOneByOne(List<PendingRecord> todo, LongSupplier remainingMillis, Tally tally, String why) {
        if (todo.size() == 1) {
            PendingRecord rejected = todo.getFirst();
            if (rejected.imagesOmitted()) {
                return Optional.of(why); // even the minimal quarantine entry was refused: leave it to the retries
            }
            PendingRecord quarantined = new PendingRecord(rejected.change(), new RecordEffect(rejected.effect().record(), Map.of(),
                    Optional.of("rejected by DynamoDB (" + why + ")" + rejected.effect().quarantineReason().map(r -> "; " + r).orElse(""))),
                    true);
            List<PendingRecord> alone = new ArrayList<>(List.of(quarantined));
            Optional<String> failure = commitGroup(alone, remainingMillis, tally);
            if (failure.isEmpty()) {
                todo.clear();
            }
            return failure;
        }
        while (!todo.isEmpty()) {
            List<PendingRecord> alone = new ArrayList<>(List.of(todo.getFirst()));
            Optional<String> failure = commitGroup(alone, remainingMillis, tally);
            if (failure.isPresent()) {
                return failure;
            }
            todo.removeFirst();
        }
        return Optional.empty();
    }

    private static String errorCode(DynamoDbException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private Transaction transactionFor(List<PendingRecord> records) {
        long expiresAt = clock.instant().plus(settings.markerTimeToLive()).getEpochSecond();
        String now = clock.instant().toString();
        List<TransactWriteItem> actions = new ArrayList<>(records.size() + 4);
        Map<Integer, PendingRecord> markerOwners = new HashMap<>();
        List<RecordEffect> effects = new ArrayList<>(records.size());
        for (PendingRecord record : records) {
            markerOwners.put(actions.size(), record);
            actions.add(TransactWriteItem.builder().put(marker(record.change(), expiresAt)).build());
            if (record.effect().quarantined()) {
                actions.add(TransactWriteItem.builder().put(quarantineEntry(record, now)).build());
            }
            effects.add(record.effect());
        }
        Map<TotalKey, Long> sums = Aggregation.sum(effects);
        sums.forEach((key, delta) -> actions.add(TransactWriteItem.builder().update(addToTotal(key, delta)).build()));
        return new Transaction(actions, markerOwners, sums.size());
    }

    private Put marker(StreamChange change, long expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(StateTable.markerKey(change.eventId()));
        item.put(StateTable.SEQUENCE_NUMBER, AttributeValue.fromS(change.sequenceNumber()));
        item.put(StateTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(expiresAt)));
        return Put.builder().tableName(stateTable).item(item).conditionExpression(MARKER_ABSENT).build();
    }

    private Put quarantineEntry(PendingRecord record, String now) {
        StreamChange change = record.change();
        Map<String, AttributeValue> item = new HashMap<>(StateTable.quarantineKey(change.eventId()));
        item.put(StateTable.EVENT_ID, AttributeValue.fromS(change.eventId()));
        item.put(StateTable.EVENT_NAME, AttributeValue.fromS(String.valueOf(change.eventName())));
        item.put(StateTable.SEQUENCE_NUMBER, AttributeValue.fromS(change.sequenceNumber()));
        item.put(StateTable.REASON, AttributeValue.fromS(record.effect().quarantineReason().orElseThrow()));
        long imageBytes = ItemSizes.of(change.oldImage()) + ItemSizes.of(change.newImage());
        if (record.imagesOmitted() || imageBytes > PendingRecord.MAX_QUARANTINED_IMAGE_BYTES) {
            // Too large (or refused) to store: the order itself is in the orders table, under its key.
            item.put(StateTable.IMAGES_OMITTED, AttributeValue.fromS("images of about " + imageBytes + " bytes not stored"));
            item.put(StateTable.ORDER_ID, change.newImage().getOrDefault(StateTable.ORDER_ID,
                    change.oldImage().getOrDefault(StateTable.ORDER_ID, AttributeValue.fromNul(true))));
        } else {
            item.put(StateTable.OLD_IMAGE, AttributeValue.fromM(change.oldImage()));
            item.put(StateTable.NEW_IMAGE, AttributeValue.fromM(change.newImage()));
        }
        item.put(StateTable.QUARANTINED_AT, AttributeValue.fromS(now));
        if (change.approximateCreationTime() != null) {
            item.put(StateTable.APPROXIMATE_CREATION_TIME, AttributeValue.fromS(change.approximateCreationTime().toString()));
        }
        return Put.builder().tableName(stateTable).item(item).build();
    }

    private Update addToTotal(TotalKey key, long delta) {
        return Update.builder()
                .tableName(totalsTable)
                .key(TotalsTable.key(key))
                .updateExpression(ADD_QUANTITY)
                .expressionAttributeNames(QUANTITY_NAME)
                .expressionAttributeValues(Map.of(":delta", AttributeValue.fromN(Long.toString(delta))))
                .build();
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
        return reasons.isEmpty() ? "no reasons given" : reasons.stream().map(CancellationReason::code).distinct().toList().toString();
    }

    /** One TransactWriteItems request and which record owns each marker action in it. */
    private record Transaction(List<TransactWriteItem> actions, Map<Integer, PendingRecord> markerOwners, int totalsUpdated) {

        /** The records whose marker condition failed: they were committed before. */
        List<PendingRecord> alreadyApplied(List<CancellationReason> reasons) {
            Map<PendingRecord, Boolean> applied = new IdentityHashMap<>();
            for (int index = 0; index < reasons.size(); index++) {
                PendingRecord owner = markerOwners.get(index);
                if (owner != null && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code())) {
                    applied.put(owner, Boolean.TRUE);
                }
            }
            return List.copyOf(applied.keySet());
        }
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

        void committed(List<PendingRecord> records, int totals) {
            transactions++;
            totalsUpdated += totals;
            for (PendingRecord record : records) {
                if (record.effect().quarantined()) {
                    quarantined++;
                    quarantinedRecords.add(new BatchReport.QuarantinedRecord(
                            record.change().eventId(), record.change().sequenceNumber(), record.effect().quarantineReason().orElseThrow()));
                } else {
                    applied++;
                }
            }
        }

        BatchReport done() {
            return report(0, Optional.empty(), Optional.empty());
        }

        BatchReport failedAt(String sequenceNumber, String failure, int notAttempted) {
            return report(notAttempted, Optional.of(sequenceNumber), Optional.of(failure));
        }

        private BatchReport report(int notAttempted, Optional<String> failedSequenceNumber, Optional<String> failure) {
            return new BatchReport(received, applied, skipped, quarantined, duplicates, notAttempted,
                    transactions, totalsUpdated, failedSequenceNumber, failure, List.copyOf(quarantinedRecords));
        }
    }
}
