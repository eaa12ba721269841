package dev.ordertotals.localengine.orders;

import dev.ordertotals.contract.OrdersItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Applies order writes to the orders table in order, counting them for the progress line.
 *
 * <p>Consecutive puts and deletes of distinct orders go out together in one {@code BatchWriteItem} (up to 25, as
 * DynamoDB allows): the stream gets the same records, per order in the same order, for a twentieth of the
 * requests, which is what lets a local engine keep up with ten thousand orders. A write to an order already in
 * the pending batch, or a quantity change (an {@code UpdateItem}), sends the pending batch first.
 */
public final class OrderWriter {

    private static final int MAX_BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String table;
    private final AtomicInteger written = new AtomicInteger();

    private final List<String> keyAttributes;

    /** @param keyAttributes the orders table's key attribute names (partition key, and sort key if it has one) */
    public OrderWriter(DynamoDbClient dynamo, String table, List<String> keyAttributes) {
        this.dynamo = dynamo;
        this.table = table;
        this.keyAttributes = List.copyOf(keyAttributes);
    }

    public void writeAll(List<OrderWrite> writes) {
        List<WriteRequest> batch = new ArrayList<>(MAX_BATCH);
        Set<Map<String, AttributeValue>> keys = new HashSet<>();
        for (OrderWrite write : writes) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            Optional<WriteRequest> batchable = batchable(write);
            Map<String, AttributeValue> key = batchable.map(this::keyOf).orElse(null);
            if (!batch.isEmpty() && (batchable.isEmpty() || keys.contains(key) || batch.size() == MAX_BATCH)) {
                send(batch);
                keys.clear();
            }
            if (batchable.isPresent()) {
                batch.add(batchable.get());
                keys.add(key);
            } else {
                write(write);
                written.incrementAndGet();
            }
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private static Optional<WriteRequest> batchable(OrderWrite write) {
        return switch (write) {
            case OrderWrite.Put(Map<String, AttributeValue> item) ->
                Optional.of(
                        WriteRequest.builder().putRequest(put -> put.item(item)).build());
            case OrderWrite.Delete(Map<String, AttributeValue> key) ->
                Optional.of(WriteRequest.builder()
                        .deleteRequest(delete -> delete.key(key))
                        .build());
            case OrderWrite.SetQuantity setQuantity -> Optional.empty();
        };
    }

    private Map<String, AttributeValue> keyOf(WriteRequest request) {
        if (request.deleteRequest() != null) {
            return request.deleteRequest().key();
        }
        Map<String, AttributeValue> item = request.putRequest().item();
        Map<String, AttributeValue> key = new HashMap<>();
        keyAttributes.forEach(name -> key.put(name, item.get(name)));
        return key;
    }

    /** Sends the batch, resending what DynamoDB leaves unprocessed (under throttling), and clears it. */
    private void send(List<WriteRequest> batch) {
        List<WriteRequest> pending = List.copyOf(batch);
        batch.clear();
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            List<WriteRequest> sending = pending;
            var response = dynamo.batchWriteItem(request -> request.requestItems(Map.of(table, sending)));
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            written.addAndGet(sending.size() - unprocessed.size());
            pending = unprocessed;
            if (!pending.isEmpty()) {
                pause(Math.min(1_000, 50L << Math.min(attempt, 5)));
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int written() {
        return written.get();
    }

    private void write(OrderWrite write) {
        switch (write) {
            case OrderWrite.Put(Map<String, AttributeValue> item) ->
                dynamo.putItem(request -> request.tableName(table).item(item));
            case OrderWrite.SetQuantity(Map<String, AttributeValue> key, long quantity) ->
                dynamo.updateItem(request -> request.tableName(table)
                        .key(key)
                        .updateExpression("SET #q = :q")
                        .expressionAttributeNames(Map.of("#q", OrdersItem.QUANTITY))
                        .expressionAttributeValues(Map.of(":q", AttributeValue.fromN(Long.toString(quantity)))));
            case OrderWrite.Delete(Map<String, AttributeValue> key) ->
                dynamo.deleteItem(request -> request.tableName(table).key(key));
        }
    }
}
