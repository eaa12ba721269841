package dev.ordertotals.ledger;

import dev.ordertotals.stream.OrderKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The orders table as the ledger tools see it: its name and key attributes (read from the table itself, so an
 * attached table with another key works too), and the ledger identity of each of its items.
 */
public record OrdersTable(String name, List<String> keyAttributes) {

    public static OrdersTable describe(DynamoDbClient dynamo, String name) {
        List<String> keys = dynamo.describeTable(request -> request.tableName(name)).table().keySchema().stream()
                .map(KeySchemaElement::attributeName)
                .toList();
        return new OrdersTable(name, keys);
    }

    /** The primary key of an order item (or of a key-only projection of it). */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String attribute : keyAttributes) {
            AttributeValue value = item.get(attribute);
            if (value == null) {
                throw new IllegalArgumentException("an item of " + name + " has no key attribute " + attribute);
            }
            key.put(attribute, value);
        }
        return key;
    }

    /** The order's identity in the ledger ({@link OrderKeys#canonical}). */
    public String orderKeyOf(Map<String, AttributeValue> item) {
        return OrderKeys.canonical(keyOf(item));
    }
}
