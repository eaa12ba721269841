package dev.ordertotals.ledger;

import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.stream.OrderKeys;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the tools read off a raw ledger item. */
public final class LedgerEntries {

    private LedgerEntries() {}

    /**
     * The order's identity an entry counts for: from the order's key recorded on it, since the partition key may be
     * a hash ({@link LedgerItem#partitionKey}); an entry without one (written by hand) is named by its partition key.
     */
    public static String orderKeyOf(Map<String, AttributeValue> item) {
        AttributeValue key = item.get(LedgerItem.ORDER_KEY);
        if (key != null && key.hasM() && !key.m().isEmpty()) {
            return OrderKeys.canonical(key.m());
        }
        AttributeValue pk = item.get(LedgerItem.PARTITION_KEY);
        String text = pk == null || pk.s() == null ? "" : pk.s();
        return text.startsWith(LedgerItem.ORDER_PREFIX) ? text.substring(LedgerItem.ORDER_PREFIX.length()) : text;
    }
}
