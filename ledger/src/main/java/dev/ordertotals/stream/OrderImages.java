package dev.ordertotals.stream;

import dev.ordertotals.aggregation.FieldValue;
import dev.ordertotals.aggregation.OrderImage;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps a DynamoDB item image to the AWS-free {@link OrderImage} the aggregation rules read. */
public final class OrderImages {

    private OrderImages() {}

    /**
     * {@code null} for an absent (empty) image, so the rules can tell "no image" from "no fields". Attributes are
     * mapped as the rules ask for them: an image's other attributes cost nothing.
     */
    public static OrderImage of(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        return attribute -> field(image.get(attribute));
    }

    static FieldValue field(AttributeValue value) {
        if (value == null) {
            return null;
        }
        return switch (value.type()) {
            case S -> new FieldValue.Text(value.s());
            case N -> new FieldValue.Number(value.n());
            case NUL -> new FieldValue.OtherType("NULL");
            default -> new FieldValue.OtherType(value.type().toString());
        };
    }
}
