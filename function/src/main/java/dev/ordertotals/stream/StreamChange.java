package dev.ordertotals.stream;

import dev.ordertotals.aggregation.ChangeRecord;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One DynamoDB stream record as the committer needs it, whichever way it arrived (a Lambda event, or the
 * Streams API for the replay tool): identity, position, and the full images, kept so a malformed record can be
 * quarantined with everything it carried. Absent images are empty maps.
 */
public record StreamChange(
        String eventId,
        String eventName,
        String sequenceNumber,
        Instant approximateCreationTime,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage) {

    public StreamChange {
        oldImage = oldImage == null ? Map.of() : oldImage;
        newImage = newImage == null ? Map.of() : newImage;
    }

    /** The pure view used by the aggregation: only the three order fields of each image. */
    public ChangeRecord toChangeRecord() {
        return new ChangeRecord(eventId, sequenceNumber, OrderImages.of(oldImage), OrderImages.of(newImage));
    }
}
