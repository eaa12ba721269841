package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.ImageReading;
import dev.ordertotals.aggregation.LedgerTarget;
import dev.ordertotals.aggregation.OrderRules;
import dev.ordertotals.aggregation.TotalKey;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.stream.OrderImages;
import dev.ordertotals.stream.StreamChange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The records of one batch for one order, committed as one ledger update (DynamoDB allows one action per item in a
 * transaction): the entry is expected to hold what the first record's old image contributes and moves to what the
 * last record's new image contributes. {@link #expected} is replaced by the entry's actual contribution when a
 * cancellation shows it differs (a pre-existing order, a lost record, a concurrent reconcile).
 */
final class OrderMove {

    private final String orderKey;
    private final List<StreamChange> records;
    private final LedgerTarget target;
    private Contribution expected;

    OrderMove(String orderKey, List<StreamChange> records) {
        this.orderKey = orderKey;
        this.records = new ArrayList<>(records);
        this.expected = Contribution.of(
                OrderRules.read(OrderImages.of(records.getFirst().oldImage())));
        this.target =
                LedgerTarget.of(OrderRules.read(OrderImages.of(records.getLast().newImage())));
    }

    String orderKey() {
        return orderKey;
    }

    List<StreamChange> records() {
        return records;
    }

    List<String> eventIds() {
        return records.stream().map(StreamChange::eventId).toList();
    }

    Contribution expected() {
        return expected;
    }

    void expect(Contribution actual) {
        this.expected = actual;
    }

    /** Drops the records already processed; true if any is left. */
    boolean dropSeen(Set<String> seen) {
        records.removeIf(record -> seen.contains(record.eventId()));
        return !records.isEmpty();
    }

    /** The totals' changes of this move: from what the entry holds to what the latest image contributes. */
    Map<TotalKey, BigInteger> deltas() {
        return Contribution.deltas(expected, target.contribution());
    }

    LedgerWrite write() {
        StreamChange latest = records.getLast();
        Optional<LedgerWrite.Quarantine> quarantine = target.malformedReason()
                .map(reason -> new LedgerWrite.Quarantine(
                        LedgerItem.MALFORMED, "NewImage: " + reason, latest.eventId(), Optional.of(latest.newImage())));
        return new LedgerWrite(
                orderKey,
                latest.keys(),
                target.contribution(),
                quarantine,
                latest.newImage().isEmpty());
    }

    /** Whether the record's own new image is malformed (it is counted as quarantined). */
    static boolean malformed(StreamChange record) {
        return OrderRules.read(OrderImages.of(record.newImage())) instanceof ImageReading.Invalid;
    }

    long estimatedBytes() {
        StreamChange latest = records.getLast();
        long image = target.malformed()
                ? Math.min(ItemSizes.of(latest.newImage()), LedgerUpdates.MAX_QUARANTINED_IMAGE_BYTES)
                : 0;
        return 600 + image + ItemSizes.of(latest.keys()) * 2 + 40L * records.size();
    }
}
