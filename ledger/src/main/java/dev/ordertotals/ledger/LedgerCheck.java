package dev.ordertotals.ledger;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.LedgerTarget;
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
 * aggregations that are not configured (since removed) are leftovers: a disagreement, which reconcile cleans. The one test shared by
 * {@code verify} and {@code reconcile}, so what one reports the other repairs.
 *
 * @param orderKey the order's ledger identity
 * @param orderExists whether the order is in the orders table
 * @param ledger what the entry counts
 * @param quarantine the entry's quarantine kind, if any
 * @param target what the entry should say
 */
public record LedgerCheck(
        String orderKey, boolean orderExists, Contribution ledger, Optional<String> quarantine, LedgerTarget target) {

    /** @param order the order's current image; null or empty when it does not exist */
    public static LedgerCheck of(
            Aggregations aggregations, String orderKey, LedgerEntry entry, Map<String, AttributeValue> order) {
        boolean exists = order != null && !order.isEmpty();
        return new LedgerCheck(
                orderKey,
                exists,
                entry.contribution(),
                entry.quarantineKind(),
                aggregations.read(OrderImages.of(exists ? order : null)).target());
    }

    public boolean agrees() {
        return ledger.equals(target.contribution()) && quarantineAgrees();
    }

    private boolean quarantineAgrees() {
        return target.malformed() ? quarantine.equals(Optional.of(LedgerItem.MALFORMED)) : quarantine.isEmpty();
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
