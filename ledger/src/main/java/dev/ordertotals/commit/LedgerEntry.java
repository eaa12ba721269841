package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.contract.LedgerItem;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One order's ledger entry as read (from a cancellation reason's item, or a read by a tool). An absent item is
 * the empty entry: counted nothing, version 0, no eventIDs.
 *
 * @param contribution what the totals count for the order
 * @param version the entry's write count (0 when absent)
 * @param events the eventIDs in each of the three sets, by set name
 * @param quarantineKind {@code malformed} or {@code refused}, when quarantined
 * @param orderKey the order's primary key, when recorded
 */
public record LedgerEntry(
        Contribution contribution,
        long version,
        Map<String, Set<String>> events,
        Optional<String> quarantineKind,
        Map<String, AttributeValue> orderKey) {

    public static final LedgerEntry ABSENT =
            new LedgerEntry(Contribution.NONE, 0, Map.of(), Optional.empty(), Map.of());

    public static LedgerEntry from(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return ABSENT;
        }
        Map<String, Set<String>> events = new HashMap<>();
        for (String set : LedgerItem.EVENT_SETS) {
            AttributeValue value = item.get(set);
            if (value != null && value.hasSs()) {
                events.put(set, new HashSet<>(value.ss()));
            }
        }
        AttributeValue version = item.get(LedgerItem.VERSION);
        AttributeValue kind = item.get(LedgerItem.QUARANTINE_KIND);
        AttributeValue orderKey = item.get(LedgerItem.ORDER_KEY);
        return new LedgerEntry(
                ContributionItems.fromItem(item),
                version == null ? 0 : Long.parseLong(version.n()),
                Map.copyOf(events),
                Optional.ofNullable(kind).map(AttributeValue::s),
                orderKey == null ? Map.of() : orderKey.m());
    }

    /** Whether {@code eventId} was processed today or yesterday (the sets a write checks). */
    boolean seen(String eventId, LedgerTable.EventSets sets) {
        return events.getOrDefault(sets.today(), Set.of()).contains(eventId)
                || events.getOrDefault(sets.yesterday(), Set.of()).contains(eventId);
    }

    public boolean quarantined() {
        return quarantineKind.isPresent();
    }
}
