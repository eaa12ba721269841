package dev.ordertotals.commit;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The aggregator's own state table. Two kinds of items share it:
 * <ul>
 *   <li>applied markers, one per committed record: {@code pk = event#<eventID>}, {@code sk = applied}, expiring
 *       through the TTL attribute {@code expires_at} well after the stream's 24-hour retention;</li>
 *   <li>quarantined records, kept until someone looks at them: {@code pk = quarantine}, {@code sk = <eventID>},
 *       with the full images and the reason. One query lists them all.</li>
 * </ul>
 */
public final class StateTable {

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expires_at";

    public static final String MARKER_PREFIX = "event#";
    public static final String MARKER_SORT_KEY = "applied";
    public static final String QUARANTINE_PARTITION = "quarantine";

    public static final String SEQUENCE_NUMBER = "sequence_number";
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_NAME = "event_name";
    public static final String REASON = "reason";
    public static final String OLD_IMAGE = "old_image";
    public static final String NEW_IMAGE = "new_image";
    public static final String QUARANTINED_AT = "quarantined_at";
    public static final String APPROXIMATE_CREATION_TIME = "approximate_creation_time";
    /** Set instead of the images when they were too large, or refused, to store. */
    public static final String IMAGES_OMITTED = "images_omitted";
    /** The order's key, kept when its images are omitted. */
    public static final String ORDER_ID = dev.ordertotals.aggregation.OrderImage.ORDER_ID;

    private StateTable() {
    }

    public static Map<String, AttributeValue> markerKey(String eventId) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(MARKER_PREFIX + eventId), SORT_KEY, AttributeValue.fromS(MARKER_SORT_KEY));
    }

    public static Map<String, AttributeValue> quarantineKey(String eventId) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(QUARANTINE_PARTITION), SORT_KEY, AttributeValue.fromS(eventId));
    }
}
