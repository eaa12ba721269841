package dev.ordertotals.stream;

import dev.ordertotals.contract.OrdersItem;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One DynamoDB stream record as the committer needs it, whichever way it arrived (a Lambda event, or the
 * Streams API for the replay tool): identity, position, and the full images, kept so a malformed record can be
 * quarantined with everything it carried. Absent images are empty maps; {@code keys} is the record's
 * {@code Keys} (the order's primary key), which identifies the order's ledger entry.
 */
public record StreamChange(
        String eventId,
        String eventName,
        String sequenceNumber,
        Instant approximateCreationTime,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage,
        Map<String, AttributeValue> keys) {

    public StreamChange {
        oldImage = oldImage == null ? Map.of() : oldImage;
        newImage = newImage == null ? Map.of() : newImage;
        keys = keys == null || keys.isEmpty() ? defaultKey(oldImage, newImage) : keys;
    }

    /** A record without {@code Keys} (hand-made in a test): the stack's orders table is keyed by {@code order_id}. */
    public StreamChange(
            String eventId,
            String eventName,
            String sequenceNumber,
            Instant approximateCreationTime,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage) {
        this(eventId, eventName, sequenceNumber, approximateCreationTime, oldImage, newImage, null);
    }

    private static Map<String, AttributeValue> defaultKey(
            Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        AttributeValue id = newImage.getOrDefault(OrdersItem.ORDER_ID, oldImage.get(OrdersItem.ORDER_ID));
        return id == null ? Map.of() : Map.of(OrdersItem.ORDER_ID, id);
    }

    /** The order's identity in the ledger (see {@link OrderKeys}). */
    public String orderKey() {
        return OrderKeys.canonical(keys);
    }
}
