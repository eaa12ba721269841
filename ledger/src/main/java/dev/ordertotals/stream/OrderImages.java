package dev.ordertotals.stream;

import dev.ordertotals.aggregation.FieldValue;
import dev.ordertotals.aggregation.OrderImage;
import dev.ordertotals.contract.OrdersItem;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps a DynamoDB item image to the AWS-free {@link OrderImage} the aggregation rules read. */
public final class OrderImages {

    private OrderImages() {}

    /** {@code null} for an absent (empty) image, so the rules can tell "no image" from "no fields". */
    public static OrderImage of(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        return new OrderImage(
                field(image.get(OrdersItem.ORDER_DATE)),
                field(image.get(OrdersItem.ITEM_ID)),
                field(image.get(OrdersItem.QUANTITY)));
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
