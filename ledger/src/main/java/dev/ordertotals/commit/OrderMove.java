package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.LedgerTarget;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.stream.StreamChange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The records of one batch for one order, committed as one ledger update (DynamoDB allows one action per item in a
 * transaction): the entry is expected to hold what the first record's old image contributes and moves to what the
 * last record's new image contributes, for every aggregation at once. {@link #expected} is replaced by the entry as
 * read when a cancellation shows it differs (a pre-existing order, a lost record, a concurrent reconcile, an
 * aggregation added or removed since the entry was written).
 */
final class OrderMove {

    private final String orderKey;
    private final List<ReadRecord> records;
    private final LedgerTarget target;
    private final Aggregations aggregations;
    private Expected expected;

    OrderMove(String orderKey, List<ReadRecord> records, Aggregations aggregations) {
        this.orderKey = orderKey;
        this.records = new ArrayList<>(records);
        this.aggregations = aggregations;
        this.expected = new Expected.FromImage(records.getFirst().before().contribution());
        this.target = records.getLast().after().target();
    }

    String orderKey() {
        return orderKey;
    }

    List<ReadRecord> records() {
        return records;
    }

    List<StreamChange> changes() {
        return records.stream().map(ReadRecord::change).toList();
    }

    List<String> eventIds() {
        return records.stream().map(ReadRecord::eventId).toList();
    }

    Expected expected() {
        return expected;
    }

    /** The entry as read: true if that changes what this move expects. */
    boolean expect(LedgerEntry entry) {
        Expected actual = new Expected.AsRead(entry.contribution(), entry.version());
        boolean changed = !actual.equals(expected);
        this.expected = actual;
        return changed;
    }

    /** Drops the records already processed; true if any is left. */
    boolean dropSeen(Set<String> seen) {
        records.removeIf(record -> seen.contains(record.eventId()));
        return !records.isEmpty();
    }

    /** The totals' changes of this move: from what the entry holds to what the latest image contributes. */
    SortedMap<TotalKey, SortedMap<String, BigInteger>> deltas() {
        return aggregations.deltas(expected.contribution(), target.contribution());
    }

    LedgerWrite write() {
        StreamChange latest = records.getLast().change();
        Optional<LedgerWrite.Quarantine> quarantine = target.malformedReason()
                .map(reason -> new LedgerWrite.Quarantine(
                        LedgerItem.MALFORMED, "NewImage: " + reason, latest.eventId(), Optional.of(latest.newImage())));
        return new LedgerWrite(
                orderKey,
                latest.keys(),
                aggregations.keepingOthers(target.contribution(), expected.contribution()),
                quarantine,
                latest.newImage().isEmpty());
    }

    long estimatedBytes() {
        StreamChange latest = records.getLast().change();
        long image = target.malformed()
                ? Math.min(ItemSizes.of(latest.newImage()), LedgerUpdates.MAX_QUARANTINED_IMAGE_BYTES)
                : 0;
        long contribution = target.contribution().parts().values().stream()
                .mapToLong(part -> 40
                        + part.key().stream().mapToLong(ItemSizes::utf8).sum()
                        + 30L * part.measures().size())
                .sum();
        return 600 + image + contribution + ItemSizes.of(latest.keys()) * 2 + 40L * records.size();
    }
}
