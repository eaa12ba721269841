package dev.ordertotals.testsupport;

import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.contract.OrdersItem;
import dev.ordertotals.contract.TotalsItem;
import dev.ordertotals.ledger.Pipeline;
import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.StreamShardReader;
import dev.ordertotals.localengine.template.FunctionSpec;
import dev.ordertotals.localengine.template.LocalDeployment;
import dev.ordertotals.localengine.template.StackTemplate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stack's tables and on-failure queue on the shared moto server, created from the synthesized template (so
 * keys, stream, TTL and index are exactly what the stack deploys), under names unique to one test. No function:
 * tests drive the handler, the committer or the tools over these tables themselves.
 */
public record LocalTables(
        StackTemplate template,
        LocalDeployment deployment,
        DynamoDbClient dynamo,
        DynamoDbStreamsClient streams,
        SqsClient sqs) {

    public static LocalTables create() {
        return create(MotoServer.shared());
    }

    /** On an engine of the test's own (one made slow, say). */
    public static LocalTables create(MotoServer moto) {
        StackTemplate template = StackTemplate.read(SynthesizedTemplate.path());
        DynamoDbClient dynamo = LocalClients.dynamo(moto.endpoint());
        SqsClient sqs = LocalClients.sqs(moto.endpoint());
        LocalDeployment deployment = LocalDeployment.create(template, dynamo, sqs, Names.uniquePrefix());
        return new LocalTables(template, deployment, dynamo, LocalClients.streams(moto.endpoint()), sqs);
    }

    /** The three tables as one value, with the source document's aggregation alone. */
    public Pipeline pipeline() {
        return Pipeline.ofOrderTotals(orders(), totals(), ledger());
    }

    public String orders() {
        return deployment.tableName(template.eventSource().sourceTableId());
    }

    public String totals() {
        return byVariable(FunctionEnvironment.TOTALS_TABLE);
    }

    public String ledger() {
        return byVariable(FunctionEnvironment.LEDGER_TABLE);
    }

    /** The function's environment as the stack sets it (table names), plus the region Lambda sets. */
    public Map<String, String> functionEnvironment() {
        return Map.of(
                FunctionEnvironment.ORDERS_TABLE,
                orders(),
                FunctionEnvironment.TOTALS_TABLE,
                totals(),
                FunctionEnvironment.LEDGER_TABLE,
                ledger(),
                FunctionEnvironment.REGION,
                MotoServer.REGION);
    }

    public String queueUrl() {
        return deployment.queueUrl(template.eventSource().onFailureQueueId().orElseThrow());
    }

    public String streamArn() {
        return deployment.streamArn(template.eventSource().sourceTableId());
    }

    public StreamShardReader stream() {
        return new StreamShardReader(streams, streamArn());
    }

    public List<Record> streamRecords() {
        return stream().readAll();
    }

    public void putOrder(String id, String date, String item, long quantity) {
        putOrder(Map.of(
                OrdersItem.ORDER_ID, AttributeValue.fromS(id),
                OrdersItem.ORDER_DATE, AttributeValue.fromS(date),
                OrdersItem.ITEM_ID, AttributeValue.fromS(item),
                OrdersItem.QUANTITY, AttributeValue.fromN(Long.toString(quantity))));
    }

    public void putOrder(Map<String, AttributeValue> item) {
        dynamo.putItem(request -> request.tableName(orders()).item(new HashMap<>(item)));
    }

    public void deleteOrder(String id) {
        dynamo.deleteItem(
                request -> request.tableName(orders()).key(Map.of(OrdersItem.ORDER_ID, AttributeValue.fromS(id))));
    }

    public void putTotal(String date, String item, AttributeValue quantity) {
        dynamo.putItem(request -> request.tableName(totals())
                .item(Map.of(
                        TotalsItem.PARTITION_KEY,
                        AttributeValue.fromS(date),
                        TotalsItem.SORT_KEY,
                        AttributeValue.fromS(item),
                        TotalsItem.QUANTITY,
                        quantity)));
    }

    /** Every total as {@code "YYYY-MM-DD|item" -> quantity}, zero totals included. */
    public Map<String, Long> totalsByKey() {
        Map<String, Long> totals = new TreeMap<>();
        exactTotals().forEach((key, quantity) -> totals.put(key, quantity.longValueExact()));
        return totals;
    }

    /** Totals without the zero ones: what a reader of the totals cares about. */
    public Map<String, Long> nonZeroTotals() {
        Map<String, Long> totals = totalsByKey();
        totals.values().removeIf(quantity -> quantity == 0);
        return totals;
    }

    /** Every total as {@code "YYYY-MM-DD|item" -> quantity}, exactly (beyond a long if need be). */
    public Map<String, BigInteger> exactTotals() {
        Map<String, BigInteger> totals = new TreeMap<>();
        scan(totals())
                .forEach(item -> totals.put(
                        item.get(TotalsItem.PARTITION_KEY).s() + "|"
                                + item.get(TotalsItem.SORT_KEY).s(),
                        new BigInteger(item.get(TotalsItem.QUANTITY).n())));
        return totals;
    }

    /** Every ledger item, raw, by order id (the stack's orders table is keyed by one string). */
    public Map<String, Map<String, AttributeValue>> ledgerItems() {
        Map<String, Map<String, AttributeValue>> ledger = new TreeMap<>();
        scan(ledger())
                .forEach(item -> ledger.put(
                        item.get(LedgerItem.ORDER_KEY)
                                .m()
                                .get(OrdersItem.ORDER_ID)
                                .s(),
                        item));
        return ledger;
    }

    /** The ledger item of one order, raw; empty when there is none. */
    public Map<String, AttributeValue> ledgerItem(String orderId) {
        var response = dynamo.getItem(request -> request.tableName(ledger())
                .consistentRead(true)
                .key(Map.of(
                        LedgerItem.PARTITION_KEY, AttributeValue.fromS(LedgerItem.partitionKey(orderId)),
                        LedgerItem.SORT_KEY, AttributeValue.fromS(LedgerItem.LEDGER_SORT_KEY))));
        return response.hasItem() ? response.item() : Map.of();
    }

    /** The quarantined ledger entries, read through the sparse index, every shard. */
    public List<Map<String, AttributeValue>> quarantine() {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        for (String shard : LedgerItem.quarantineShards()) {
            all.addAll(dynamo
                    .queryPaginator(request -> request.tableName(ledger())
                            .indexName(LedgerItem.QUARANTINE_INDEX)
                            .keyConditionExpression("#s = :s")
                            .expressionAttributeNames(Map.of("#s", LedgerItem.QUARANTINE_SHARD))
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(shard))))
                    .items()
                    .stream()
                    .toList());
        }
        return all;
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        return dynamo.scanPaginator(request -> request.tableName(table)).items().stream()
                .toList();
    }

    private String byVariable(String variable) {
        return deployment.tableName(
                ((FunctionSpec.EnvValue.Ref) template.function().environment().get(variable)).logicalId());
    }
}
