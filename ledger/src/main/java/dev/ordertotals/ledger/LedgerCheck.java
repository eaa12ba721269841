package dev.ordertotals.ledger;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.LedgerTarget;
import dev.ordertotals.aggregation.OrderImage;
import dev.ordertotals.commit.LedgerEntry;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.stream.OrderImages;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An order's ledger entry against the order's current image, by the function's own rules: they agree when the
 * entry counts what the image contributes and is quarantined as {@code malformed} exactly when the image is
 * malformed (a parked {@code refused} record is a disagreement until it is applied). The entry's parts under
 * aggregations that are not configured (since removed) are leftovers: a disagreement, which reconcile cleans. The one
 * test shared by {@code verify} and {@code reconcile}, so what one reports the other repairs.
 *
 * <p><b>Some aggregations only</b> ({@link #of(Aggregations, Aggregations, String, LedgerEntry, Map)}, the tools'
 * {@code --aggregation}): only their parts are compared, and the quarantine only as far as they go (an order malformed
 * for one of them must be quarantined as malformed). The repair moves only their parts, keeping the entry's others as
 * they are; its quarantine note is the one every configured aggregation calls for when the order is malformed, cleared
 * when the repaired entry agrees whole, else left as it is (a {@code refused} note, say, still holds back the parts
 * not repaired).
 *
 * @param orderKey the order's ledger identity
 * @param orderExists whether the order is in the orders table
 * @param ledger what the entry counts, for the aggregations checked
 * @param quarantine the entry's quarantine kind, if any
 * @param target what the entry should count for them, and why the order is malformed for them, if it is
 * @param repair what {@code reconcile} writes to the entry when they disagree
 * @param whole whether every configured aggregation is checked
 */
public record LedgerCheck(
        String orderKey,
        boolean orderExists,
        Contribution ledger,
        Optional<String> quarantine,
        LedgerTarget target,
        Repair repair,
        boolean whole) {

    /**
     * What a repair leaves in the entry.
     *
     * @param contribution the entry's whole contribution after the repair
     * @param malformedReason why the order is malformed for any configured aggregation: the entry is quarantined
     * @param keepsNote when the order is not malformed: leave the entry's quarantine note as it is (rather than clear
     *     it), because the entry still disagrees in parts not repaired
     * @param tombstone whether the entry becomes a tombstone (its order is gone and it counts nothing)
     */
    public record Repair(
            Contribution contribution, Optional<String> malformedReason, boolean keepsNote, boolean tombstone) {}

    /**
     * Every configured aggregation.
     *
     * @param order the order's current image; null or empty when it does not exist
     */
    public static LedgerCheck of(
            Aggregations aggregations, String orderKey, LedgerEntry entry, Map<String, AttributeValue> order) {
        return of(aggregations, aggregations, orderKey, entry, order);
    }

    /**
     * The aggregations {@code checked}, some or all of those {@code configured} (what the function runs).
     *
     * @param order the order's current image; null or empty when it does not exist
     */
    public static LedgerCheck of(
            Aggregations configured,
            Aggregations checked,
            String orderKey,
            LedgerEntry entry,
            Map<String, AttributeValue> order) {
        if (!checked.within(configured)) {
            throw new IllegalArgumentException("the aggregations checked " + checked.names()
                    + " are not among those configured " + configured.names());
        }
        boolean exists = order != null && !order.isEmpty();
        OrderImage image = OrderImages.of(exists ? order : null);
        LedgerTarget whole = configured.read(image).target();
        if (checked.equals(configured)) {
            return new LedgerCheck(
                    orderKey,
                    exists,
                    entry.contribution(),
                    entry.quarantineKind(),
                    whole,
                    new Repair(whole.contribution(), whole.malformedReason(), false, !exists),
                    true);
        }
        LedgerTarget target = checked.read(image).target();
        Contribution repaired = checked.keepingOthers(target.contribution(), entry.contribution());
        return new LedgerCheck(
                orderKey,
                exists,
                checked.partsOf(entry.contribution()),
                entry.quarantineKind(),
                target,
                new Repair(
                        repaired,
                        whole.malformedReason(),
                        whole.malformedReason().isEmpty() && !repaired.equals(whole.contribution()),
                        !exists && repaired.isEmpty()),
                false);
    }

    public boolean agrees() {
        return ledger.equals(target.contribution()) && quarantineAgrees();
    }

    private boolean quarantineAgrees() {
        if (target.malformed()) {
            return quarantine.equals(Optional.of(LedgerItem.MALFORMED));
        }
        // Some aggregations only: a note may be another's (malformed for it, or a record it still waits for).
        return !whole || quarantine.isEmpty();
    }

    /** {@code order 3: ledger says 7 x item312 on 2026-11-24, order says 8 x item312 on 2026-11-24}, and the quarantine if it is off. */
    public String describe() {
        StringBuilder text = Contributions.entryBesideOrder(orderKey, orderExists, ledger, target.contribution());
        if (!quarantineAgrees()) {
            if (target.malformed()) {
                text.append("; the order is malformed (")
                        .append(target.malformedReason().orElseThrow())
                        .append(") but its entry is ")
                        .append(quarantine.map(kind -> "quarantined as " + kind).orElse("not quarantined"));
            } else {
                text.append("; its entry is still quarantined as ").append(quarantine.orElseThrow());
            }
        }
        return text.toString();
    }
}
