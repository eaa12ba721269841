package dev.ordertotals.localengine.orders;

import dev.ordertotals.contract.OrdersItem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The source document's four sample orders, dated now: 40 of item123 and 40 of item312 today. */
public final class SampleOrders {

    private SampleOrders() {}

    public static List<OrderWrite> writes(String keyAttribute, Clock clock) {
        // Like the source's sample: YYYY-MM-DDTHH:MM:SSZ in UTC.
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        return List.of(
                order(keyAttribute, "178526", now, "item123", 10),
                order(keyAttribute, "178527", now, "item123", 30),
                order(keyAttribute, "172528", now, "item312", 10),
                order(keyAttribute, "178529", now, "item312", 30));
    }

    private static OrderWrite order(String keyAttribute, String id, String date, String item, int quantity) {
        return new OrderWrite.Put(Map.of(
                keyAttribute,
                AttributeValue.fromS(id),
                OrdersItem.ORDER_DATE,
                AttributeValue.fromS(date),
                OrdersItem.ITEM_ID,
                AttributeValue.fromS(item),
                OrdersItem.QUANTITY,
                AttributeValue.fromN(Integer.toString(quantity))));
    }
}
