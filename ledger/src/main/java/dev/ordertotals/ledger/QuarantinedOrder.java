package dev.ordertotals.ledger;

import dev.ordertotals.contract.LedgerItem;
import java.util.Comparator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A quarantined order, as its ledger entry says.
 *
 * @param kind {@code malformed} (its latest image is not a valid order) or {@code refused} (DynamoDB refused a record,
 *     which is parked on the entry)
 * @param orderKey the order's ledger identity
 * @param eventId the stream record that put it there ({@code reconcile} when reconcile found it)
 * @param since when it was quarantined (ISO-8601)
 */
public record QuarantinedOrder(String kind, String orderKey, String reason, String eventId, String since) {

    public static final Comparator<QuarantinedOrder> BY_TIME =
            Comparator.comparing(QuarantinedOrder::since).thenComparing(QuarantinedOrder::orderKey);

    static QuarantinedOrder of(Map<String, AttributeValue> item) {
        return new QuarantinedOrder(
                text(item.get(LedgerItem.QUARANTINE_KIND)),
                LedgerEntries.orderKeyOf(item),
                text(item.get(LedgerItem.QUARANTINE_REASON)),
                text(item.get(LedgerItem.QUARANTINE_EVENT)),
                text(item.get(LedgerItem.QUARANTINED_AT)));
    }

    private static String text(AttributeValue value) {
        return value == null || value.s() == null ? "" : value.s();
    }
}
