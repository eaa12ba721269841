package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.contract.LedgerItem;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The writes of the ledger design, shared by the function, {@code reconcile} and {@code replay}: an order's
 * ledger entry moved to a new contribution (under one of two conditions), a refused record parked, a total
 * changed by a difference. Callers put a ledger update and its totals' updates in one transaction.
 */
public final class LedgerUpdates {

    /** A malformed image larger than this is not copied into the quarantine: the order itself is in the orders table. */
    public static final long MAX_QUARANTINED_IMAGE_BYTES = 64 * 1024;
    /** DynamoDB's limit on an item's size (names and values, see {@link ItemSizes}). */
    public static final long MAX_ITEM_BYTES = 400 * 1024;
    /**
     * What a ledger entry holds besides its key, eventID sets, reason and image, at most, the contribution aside (it is
     * sized as written): version, TTL, the note's short fields, the attribute names.
     */
    private static final long ENTRY_FIELDS_BYTES = 4 * 1024;
    /** DynamoDB's limit on nesting: an attribute at the top level is level 1, each map or list around it one more. */
    public static final int MAX_NESTING_LEVELS = 32;
    /** Room left for what {@link ItemSizes} only approximates (numbers, the overheads of sets and maps). */
    private static final long ITEM_SIZE_MARGIN = 8 * 1024;

    /**
     * The most stream records one ledger write takes: each adds its eventID to the write's condition (about 47 bytes
     * and 4 operators), and DynamoDB refuses an expression over 4 KB or 300 operators. An order with more records in
     * one batch is written in runs of this many, one transaction after another.
     */
    public static final int MAX_EVENTS_PER_WRITE = 50;

    private static final AttributeValue ONE = AttributeValue.fromN("1");
    private static final int MAX_REASON_CODE_POINTS = 2_000;

    private final String ledgerTable;
    private final Duration tombstoneTimeToLive;
    private final boolean lateRecords;

    public LedgerUpdates(String ledgerTable, Duration tombstoneTimeToLive) {
        this(ledgerTable, tombstoneTimeToLive, false);
    }

    private LedgerUpdates(String ledgerTable, Duration tombstoneTimeToLive, boolean lateRecords) {
        this.ledgerTable = ledgerTable;
        this.tombstoneTimeToLive = tombstoneTimeToLive;
        this.lateRecords = lateRecords;
    }

    /**
     * The same writes for stream records applied <em>late</em>, after newer records of their orders may have been
     * ({@code replay}): their {@link #streamMove}s leave an entry's quarantine note as it is. A note, {@code refused}
     * above all, may be a newer record's (parked: the order's newer image is not counted yet), and nothing on the
     * entry says whether the record being applied is older or newer than it (eventIDs are not ordered, and sequence
     * numbers are not comparable across shards), so a late record must not clear or replace it. Whoever applies
     * late records reconciles their orders afterwards, and reconcile, which reads the order's current image, sets or
     * clears the note.
     */
    public LedgerUpdates forLateRecords() {
        return new LedgerUpdates(ledgerTable, tombstoneTimeToLive, true);
    }

    /**
     * The function's write for a group of stream records of one order: applies only if none of {@code eventIds}
     * was processed today or yesterday and the entry holds {@code expected} (by its digest, or by its version once it
     * has been read); on failure DynamoDB returns the entry
     * (ALL_OLD), from which the caller learns which it was. The entry's quarantine note is set, or cleared, as the
     * latest record's new image says (late records: left as it is, see {@link #forLateRecords}).
     */
    Update streamMove(LedgerWrite write, Expected expected, Collection<String> eventIds, Instant now) {
        UpdateExpression update = new UpdateExpression();
        LedgerTable.EventSets sets = LedgerTable.EventSets.at(now);
        unseen(update, eventIds, sets);
        switch (expected) {
            case Expected.FromImage(Contribution contribution)
            when contribution.isEmpty() ->
                // The contribution itself, not its digest: an entry edited by hand may lack the digest, and one from
                // before declared aggregations counts in attributes of its own.
                update.condition("attribute_not_exists(" + update.name(LedgerItem.CONTRIBUTIONS)
                        + ") AND attribute_not_exists(" + update.name(LedgerItem.LEGACY_COUNTED_QUANTITY) + ")");
            case Expected.FromImage(Contribution contribution) ->
                update.condition(update.name(LedgerItem.DIGEST) + " = "
                        + update.value(AttributeValue.fromS(contribution.digest())));
            case Expected.AsRead(Contribution contribution, long version)
            when version == 0 -> update.condition("attribute_not_exists(" + update.name(LedgerItem.VERSION) + ")");
            case Expected.AsRead(Contribution contribution, long version) ->
                update.condition(update.name(LedgerItem.VERSION) + " = " + update.value(number(version)));
        }
        // The function does not read the entry: an image is copied if small enough, and a write DynamoDB refuses as too
        // large is parked (without the image).
        moveTo(update, write, !lateRecords, MAX_QUARANTINED_IMAGE_BYTES, now);
        recordEvents(update, eventIds, sets);
        return update.build(ledgerTable, LedgerTable.key(write.orderKey()));
    }

    /**
     * Reconcile's write: applies only if the entry is still at {@code expectedVersion} (0: no entry yet). Like the
     * function's writes it drops the stale eventID set, and it keeps the entry within DynamoDB's item size limit: a
     * malformed image is copied only if it fits beside what the entry keeps (an order changed thousands of times has
     * large eventID sets), else the reason says it was not.
     *
     * @param entry the entry as read, raw (null or empty when there is none), at {@code expectedVersion}
     */
    public Update reconcileMove(
            LedgerWrite write, long expectedVersion, Map<String, AttributeValue> entry, Instant now) {
        return reconcileMove(write, expectedVersion, entry, now, false);
    }

    /**
     * The same, and with {@code keepNote} the entry's quarantine note is left as it is (a reconcile of some
     * aggregations only, whose entry still disagrees in others' parts); {@code write} then sets none.
     */
    public Update reconcileMove(
            LedgerWrite write, long expectedVersion, Map<String, AttributeValue> entry, Instant now, boolean keepNote) {
        if (keepNote && write.quarantine().isPresent()) {
            throw new IllegalArgumentException("a write that keeps the quarantine note sets none");
        }
        UpdateExpression update = new UpdateExpression();
        String version = update.name(LedgerItem.VERSION);
        update.condition(
                expectedVersion == 0
                        ? "attribute_not_exists(" + version + ")"
                        : version + " = " + update.value(number(expectedVersion)));
        LedgerTable.EventSets sets = LedgerTable.EventSets.at(now);
        moveTo(update, write, !keepNote, imageRoom(write, entry, sets), now);
        update.remove(sets.stale());
        return update.build(ledgerTable, LedgerTable.key(write.orderKey()));
    }

    /**
     * The bytes a malformed image copied by a write to {@code entry} may take: DynamoDB's item limit less what the
     * entry keeps (its key and eventID sets but the stale one) and the rest of what the write sets.
     */
    private static long imageRoom(LedgerWrite write, Map<String, AttributeValue> entry, LedgerTable.EventSets sets) {
        Map<String, AttributeValue> kept = new HashMap<>(LedgerTable.key(write.orderKey()));
        LedgerItem.EVENT_SETS.stream()
                .filter(set -> !set.equals(sets.stale()))
                .filter(set -> entry != null && entry.containsKey(set))
                .forEach(set -> kept.put(set, entry.get(set)));
        long reason = write.quarantine()
                .map(quarantine -> ItemSizes.utf8(quarantine.reason()))
                .orElse(0L);
        return MAX_ITEM_BYTES
                - ITEM_SIZE_MARGIN
                - ItemSizes.of(kept)
                - ItemSizes.of(write.key())
                - ItemSizes.of(ContributionItems.toAttribute(write.contribution()))
                - Math.min(reason, 4L * MAX_REASON_CODE_POINTS)
                - ENTRY_FIELDS_BYTES;
    }

    /**
     * Parks records DynamoDB refused to apply: the contribution and every total stay as they were, the entry says
     * why, and the eventIDs are recorded so the records are not retried forever. {@code reconcile} applies the
     * order's difference once the cause is fixed; so does the order's next record.
     */
    public Update park(
            String orderKey,
            Map<String, AttributeValue> key,
            Collection<String> eventIds,
            String reason,
            String eventId,
            Instant now) {
        UpdateExpression update = new UpdateExpression();
        LedgerTable.EventSets sets = LedgerTable.EventSets.at(now);
        unseen(update, eventIds, sets);
        update.set(LedgerItem.ORDER_KEY, AttributeValue.fromM(key));
        quarantine(
                update,
                orderKey,
                new LedgerWrite.Quarantine(LedgerItem.REFUSED, reason, eventId, Optional.empty()),
                0,
                now);
        update.add(LedgerItem.VERSION, ONE);
        recordEvents(update, eventIds, sets);
        return update.build(ledgerTable, LedgerTable.key(orderKey));
    }

    /** Adds each measure's difference to one total (created by the first {@code ADD}, as DynamoDB does). */
    public static Update addToTotal(TotalKey key, Map<String, BigInteger> deltas) {
        UpdateExpression update = new UpdateExpression();
        deltas.forEach((measure, delta) -> update.add(measure, AttributeValue.fromN(delta.toString())));
        Map<String, AttributeValue> item = new HashMap<>();
        for (int index = 0; index < key.attributes().size(); index++) {
            item.put(
                    key.attributes().get(index),
                    AttributeValue.fromS(key.values().get(index)));
        }
        return update.build(key.table(), item);
    }

    /**
     * None of the eventIDs is in today's or yesterday's set: one {@code NOT} over an {@code OR} of the
     * {@code contains}, so each record costs DynamoDB's operator count four (two functions, two {@code OR}s) and its
     * expression size about 47 bytes.
     */
    private static void unseen(UpdateExpression update, Collection<String> eventIds, LedgerTable.EventSets sets) {
        if (eventIds.isEmpty()) {
            return;
        }
        String today = update.name(sets.today());
        String yesterday = update.name(sets.yesterday());
        List<String> seen = new ArrayList<>(eventIds.size() * 2);
        for (String eventId : eventIds) {
            String id = update.value(AttributeValue.fromS(eventId));
            seen.add("contains(" + today + ", " + id + ")");
            seen.add("contains(" + yesterday + ", " + id + ")");
        }
        update.condition("NOT (" + String.join(" OR ", seen) + ")");
    }

    private static void recordEvents(UpdateExpression update, Collection<String> eventIds, LedgerTable.EventSets sets) {
        if (!eventIds.isEmpty()) { // a string set can never be empty
            update.add(sets.today(), AttributeValue.fromSs(List.copyOf(new LinkedHashSet<>(eventIds))));
        }
        update.remove(sets.stale());
    }

    /**
     * @param note whether to write the entry's quarantine note as {@code write} says (else it is left as it is)
     * @param imageRoom the most bytes a malformed image copied into the note may take
     */
    private void moveTo(UpdateExpression update, LedgerWrite write, boolean note, long imageRoom, Instant now) {
        update.set(LedgerItem.ORDER_KEY, AttributeValue.fromM(write.key()));
        if (write.contribution().isEmpty()) {
            update.remove(LedgerItem.CONTRIBUTIONS, LedgerItem.DIGEST);
        } else {
            update.set(LedgerItem.CONTRIBUTIONS, ContributionItems.toAttribute(write.contribution()))
                    .set(
                            LedgerItem.DIGEST,
                            AttributeValue.fromS(write.contribution().digest()));
        }
        update.remove(
                LedgerItem.LEGACY_COUNTED_DATE, LedgerItem.LEGACY_COUNTED_ITEM, LedgerItem.LEGACY_COUNTED_QUANTITY);
        if (note) {
            write.quarantine()
                    .ifPresentOrElse(
                            quarantine -> quarantine(update, write.orderKey(), quarantine, imageRoom, now),
                            () -> update.remove(
                                    LedgerItem.QUARANTINE_KIND,
                                    LedgerItem.QUARANTINE_REASON,
                                    LedgerItem.QUARANTINE_EVENT,
                                    LedgerItem.QUARANTINED_AT,
                                    LedgerItem.QUARANTINE_IMAGE,
                                    LedgerItem.QUARANTINE_SHARD));
        }
        if (write.deleted()) {
            update.set(
                    LedgerItem.TTL_ATTRIBUTE,
                    number(now.plus(tombstoneTimeToLive).getEpochSecond()));
        } else {
            update.remove(LedgerItem.TTL_ATTRIBUTE);
        }
        update.add(LedgerItem.VERSION, ONE);
    }

    /**
     * Writes a quarantine note. The malformed image is copied into {@code quarantine_image} only where DynamoDB takes
     * it: at most {@link #MAX_QUARANTINED_IMAGE_BYTES} and {@code imageRoom} bytes, and within
     * {@link #MAX_NESTING_LEVELS} once it is one level deeper as an attribute of the entry; otherwise the reason says
     * why it was not (the order itself is in the orders table). The function and reconcile alike.
     */
    private static void quarantine(
            UpdateExpression update, String orderKey, LedgerWrite.Quarantine quarantine, long imageRoom, Instant now) {
        update.set(LedgerItem.QUARANTINE_KIND, AttributeValue.fromS(quarantine.kind()))
                .set(LedgerItem.QUARANTINE_EVENT, AttributeValue.fromS(quarantine.eventId()))
                .set(LedgerItem.QUARANTINED_AT, AttributeValue.fromS(now.toString()))
                .set(LedgerItem.QUARANTINE_SHARD, AttributeValue.fromS(LedgerItem.quarantineShard(orderKey)));
        String reason = quarantine.reason();
        var image = quarantine.image().filter(map -> !map.isEmpty());
        boolean copied = false;
        if (image.isPresent()) {
            AttributeValue copy = AttributeValue.fromM(image.get());
            long imageBytes = ItemSizes.of(image.get());
            if (imageBytes > MAX_QUARANTINED_IMAGE_BYTES) {
                reason += " (image of " + imageBytes + " bytes not copied; the order is in the orders table)";
            } else if (imageBytes > imageRoom) { // imageRoom keeps a margin for a map's own few bytes
                reason += " (image of " + imageBytes + " bytes not copied: the ledger entry has room for "
                        + Math.max(0, imageRoom) + " bytes; the order is in the orders table)";
            } else if (nestingLevels(copy) > MAX_NESTING_LEVELS) {
                // An order may use all 32 levels: as the value of quarantine_image it is one level deeper.
                reason += " (image not copied: it would be nested " + nestingLevels(copy)
                        + " levels deep in the ledger entry, "
                        + "DynamoDB allows " + MAX_NESTING_LEVELS + "; the order is in the orders table)";
            } else {
                update.set(LedgerItem.QUARANTINE_IMAGE, copy);
                copied = true;
            }
        }
        if (!copied) {
            update.remove(LedgerItem.QUARANTINE_IMAGE);
        }
        update.set(LedgerItem.QUARANTINE_REASON, AttributeValue.fromS(Text.truncate(reason, MAX_REASON_CODE_POINTS)));
    }

    /**
     * The levels of nesting of a value stored as an attribute, as DynamoDB counts them for its limit: 1 for a scalar
     * or a set, and one more for each map or list around the deepest value.
     */
    static int nestingLevels(AttributeValue value) {
        int inner = switch (value.type()) {
            case M ->
                value.m().values().stream()
                        .mapToInt(LedgerUpdates::nestingLevels)
                        .max()
                        .orElse(0);
            case L ->
                value.l().stream().mapToInt(LedgerUpdates::nestingLevels).max().orElse(0);
            default -> 0;
        };
        return 1 + inner;
    }

    /** The same update as a single {@code UpdateItem} request, outside a transaction. */
    public static UpdateItemRequest asRequest(Update update) {
        return UpdateItemRequest.builder()
                .tableName(update.tableName())
                .key(update.key())
                .updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(
                        update.hasExpressionAttributeValues() ? update.expressionAttributeValues() : null)
                .returnValuesOnConditionCheckFailure(update.returnValuesOnConditionCheckFailureAsString())
                .build();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
