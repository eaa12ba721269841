package dev.ordertotals.tools.orders;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Applies order writes to the orders table in order, counting them for the progress line. */
public final class OrderWriter {

    private final DynamoDbClient dynamo;
    private final String table;
    private final AtomicInteger written = new AtomicInteger();

    public OrderWriter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void writeAll(List<OrderWrite> writes) {
        for (OrderWrite write : writes) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            write(write);
            written.incrementAndGet();
        }
    }

    public int written() {
        return written.get();
    }

    private void write(OrderWrite write) {
        switch (write) {
            case OrderWrite.Put(Map<String, AttributeValue> item) -> dynamo.putItem(request -> request.tableName(table).item(item));
            case OrderWrite.SetQuantity(Map<String, AttributeValue> key, long quantity) -> dynamo.updateItem(request -> request
                    .tableName(table)
                    .key(key)
                    .updateExpression("SET #q = :q")
                    .expressionAttributeNames(Map.of("#q", dev.ordertotals.aggregation.OrderImage.QUANTITY))
                    .expressionAttributeValues(Map.of(":q", AttributeValue.fromN(Long.toString(quantity)))));
            case OrderWrite.Delete(Map<String, AttributeValue> key) -> dynamo.deleteItem(request -> request.tableName(table).key(key));
        }
    }
}
