package dev.ordertotals.commit;

import dev.ordertotals.aggregation.Contribution;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one write leaves in an order's ledger entry.
 *
 * @param orderKey the order's ledger identity ({@code OrderKeys.canonical})
 * @param key the order's primary key, recorded on the entry
 * @param contribution what the totals count for the order after the write
 * @param quarantine why the order is quarantined after the write, if it is
 * @param deleted whether the order no longer exists (the entry becomes a tombstone with a TTL)
 */
public record LedgerWrite(
        String orderKey,
        Map<String, AttributeValue> key,
        Contribution contribution,
        Optional<Quarantine> quarantine,
        boolean deleted) {

    /**
     * A quarantine note: {@code kind} is {@link LedgerTable#MALFORMED} or {@link LedgerTable#REFUSED}; the image is
     * the malformed one, when there is one to keep.
     */
    public record Quarantine(String kind, String reason, String eventId, Optional<Map<String, AttributeValue>> image) {}
}
