package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.localengine.StreamShardReader;
import dev.ordertotals.stream.OrderImages;
import dev.ordertotals.testkit.LedgerExpectations;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.LambdaWire;
import dev.ordertotals.testsupport.LocalPipeline;
import dev.ordertotals.testsupport.TestContext;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * An attached orders table with a composite key, written at random with key values made of the ledger identity's
 * own separators ({@code |}, {@code =}, {@code \}, {@code r=S:}) and lengths up to DynamoDB's key limits, delivered
 * twice over in batches of random sizes: every order keeps an entry of its own, and the totals equal a recomputation
 * from the table. Reproduce with {@code -Drandomized.seed=<seed printed in the failure>}.
 */
class CompositeKeyDeliveryTest {

    private static final List<String> PIECES = List.of("x", "y", "|", "=", "\\", "r=S:", "|r=S:", "h=N:");
    private static final long SEED = Long.getLong("randomized.seed", System.nanoTime());

    @Test
    void ordersOfACompositeKeyTableBuiltFromTheSeparatorsAreCountedExactlyOnce() {
        LocalPipeline pipeline = LocalPipeline.create();
        String table = pipeline.tables().orders() + "-composite";
        String streamArn = createCompositeTable(pipeline, table);
        Random random = new Random(SEED);
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> current = new HashMap<>();
        for (int write = 0; write < 400; write++) {
            Map<String, AttributeValue> key = Map.of("h", piece(random, 670), "r", piece(random, 330));
            if (current.containsKey(key) && random.nextInt(5) == 0) {
                pipeline.dynamo().deleteItem(request -> request.tableName(table).key(key));
                current.remove(key);
                continue;
            }
            Map<String, AttributeValue> order = new HashMap<>(key);
            order.put("order_date", AttributeValue.fromS("2026-11-2" + random.nextInt(3)));
            order.put("item_id", AttributeValue.fromS("item" + random.nextInt(4)));
            order.put("quantity", AttributeValue.fromN(Integer.toString(1 + random.nextInt(40))));
            pipeline.dynamo().putItem(request -> request.tableName(table).item(order));
            current.put(key, order);
        }
        List<Record> records = new StreamShardReader(pipeline.tables().streams(), streamArn).readAll();

        BatchProcessor handler = Processors.over(pipeline);
        for (int round = 0; round < 2; round++) { // the second round is all redeliveries
            for (int start = 0; start < records.size(); ) {
                int end = Math.min(records.size(), start + 1 + random.nextInt(120));
                StreamsEventResponse response = handler.handleRequest(
                        LambdaWire.event(records.subList(start, end), streamArn), TestContext.withPlentyOfTime());
                assertThat(response.getBatchItemFailures()).as("seed %d", SEED).isEmpty();
                start = end;
            }
        }

        Map<String, BigInteger> expected = new TreeMap<>();
        for (Map<String, AttributeValue> order : current.values()) {
            Contribution.Part part = LedgerExpectations.ORDER_TOTALS
                    .read(OrderImages.of(order))
                    .contribution()
                    .parts()
                    .get(Aggregation.ORDER_TOTALS);
            if (part != null) {
                expected.merge(
                        String.join("|", part.key()),
                        BigInteger.valueOf(part.measures().get("quantity")),
                        BigInteger::add);
            }
        }
        assertThat(LedgerExpectations.nonZeroTotals(pipeline.tables()))
                .as("seed %d (rerun with -Drandomized.seed=%d)", SEED, SEED)
                .isEqualTo(expected);
    }

    /** A key value of one to four separator-laden pieces, now and then padded to DynamoDB's key limits. */
    private static AttributeValue piece(Random random, int padding) {
        StringBuilder value = new StringBuilder();
        for (int count = 1 + random.nextInt(4); count > 0; count--) {
            value.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        if (random.nextInt(15) == 0) {
            value.append("€".repeat(padding)); // three bytes each: near the key limits (2,048 and 1,024 bytes)
        }
        return AttributeValue.fromS(value.toString());
    }

    private static String createCompositeTable(LocalPipeline pipeline, String table) {
        return pipeline.dynamo()
                .createTable(request -> request.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                AttributeDefinition.builder()
                                        .attributeName("h")
                                        .attributeType(ScalarAttributeType.S)
                                        .build(),
                                AttributeDefinition.builder()
                                        .attributeName("r")
                                        .attributeType(ScalarAttributeType.S)
                                        .build())
                        .keySchema(
                                KeySchemaElement.builder()
                                        .attributeName("h")
                                        .keyType(KeyType.HASH)
                                        .build(),
                                KeySchemaElement.builder()
                                        .attributeName("r")
                                        .keyType(KeyType.RANGE)
                                        .build())
                        .streamSpecification(
                                spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription()
                .latestStreamArn();
    }
}
