package dev.ordertotals.commit;

import dev.ordertotals.contract.LedgerItem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The aggregator's state table holds the <em>ledger</em>: one item per order saying what the totals currently
 * count for it. Every write changes a ledger entry and the totals by the same difference in one transaction, so
 * each total always equals the sum of the ledger contributions with its key.
 *
 * <ul>
 *   <li>key: {@code pk = order#<order key>} (see {@code OrderKeys}), {@code sk = ledger}; {@code order_key} holds
 *       the order's primary key as a map, so tools can look the order up;</li>
 *   <li>contribution: {@code contributions}, per aggregation that counts the order its key values and measures
 *       ({@code {k: [...], m: {...}}}), and {@code digest}, a fingerprint of it that the function's write compares
 *       (see {@code Contribution#digest}); both absent when the order counts nothing. Entries written before declared
 *       aggregations hold {@code counted_date}, {@code counted_item} and {@code counted_quantity} instead, read as
 *       the source document's aggregation and replaced by their next write;</li>
 *   <li>{@code version}: incremented by every write, so {@code reconcile} can commit "as I read it";</li>
 *   <li>recent stream eventIDs in three string sets {@code events_0..2}, one per UTC day of processing (day
 *       number mod 3): a write checks today's and yesterday's set, adds to today's and drops the third, so a
 *       redelivery (always within the stream's 24 hours) is recognised and the sets stay small;</li>
 *   <li>quarantine, at most one per order: {@code quarantine_kind} ({@code malformed}: the latest image is not a
 *       valid order; {@code refused}: DynamoDB refused to apply a record, which is parked with its reason),
 *       {@code quarantine_reason}, {@code quarantine_event}, {@code quarantined_at}, {@code quarantine_image}
 *       (the malformed image, when small enough), and {@code quarantine_shard}, the partition key of the sparse
 *       index {@value LedgerItem#QUARANTINE_INDEX}, spread over {@value LedgerItem#QUARANTINE_SHARDS} values so no key is hot;</li>
 *   <li>{@code expires_at} (TTL): set when the order is deleted, so its tombstone, still recognising redelivered
 *       records, goes away a week later; cleared when the order comes back.</li>
 * </ul>
 */
public final class LedgerTable {

    private LedgerTable() {}

    public static Map<String, AttributeValue> key(String orderKey) {
        return Map.of(
                LedgerItem.PARTITION_KEY,
                AttributeValue.fromS(LedgerItem.partitionKey(orderKey)),
                LedgerItem.SORT_KEY,
                AttributeValue.fromS(LedgerItem.LEDGER_SORT_KEY));
    }

    /** Which of the three eventID sets holds records processed on {@code day}. */
    static String eventSet(LocalDate day) {
        return LedgerItem.EVENT_SETS.get((int) Math.floorMod(day.toEpochDay(), LedgerItem.EVENT_SETS.size()));
    }

    /** The eventID sets a write checks and adds to (today, yesterday) and the one it drops, at {@code now}. */
    record EventSets(String today, String yesterday, String stale) {

        static EventSets at(Instant now) {
            LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
            return new EventSets(eventSet(day), eventSet(day.minusDays(1)), eventSet(day.minusDays(2)));
        }
    }
}
