package dev.ordertotals.localengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The launcher's speed patches: each is shown at work by the engine's own count of what it saved, and none changes
 * an answer: the same updates give the same items with every speed patch and without any.
 */
class LocalEngineSpeedTest {

    private static final Set<String> SPEED =
            Set.of("parse-cache", "ast-copy", "traverse-cache", "buffered-responses", "fast-json");

    @Test
    void theSameUpdateExpressionIsParsedOnceAndItsTreeCopiedAndWalkedTheFastWay() throws Exception {
        try (MotoServer engine = MotoServer.start(ProjectPaths.root());
                DynamoDbClient dynamo = LocalClients.dynamo(engine.endpoint())) {
            updateTenTimes(dynamo);

            JsonNode stats = stats(engine);
            assertThat(stats.path("parse-cache hits").asInt()).isGreaterThanOrEqualTo(9);
            assertThat(stats.path("ast-copy trees").asInt()).isGreaterThanOrEqualTo(10);
            assertThat(stats.path("traverse-cache walks").asInt()).isPositive();
            assertThat(stats.path("buffered-responses").asInt()).isEqualTo(1);
            assertThat(stats.path("fast-json responses").asInt())
                    .as("ten UpdateItem answers and the GetItem")
                    .isGreaterThanOrEqualTo(11);
        }
    }

    @Test
    void withoutThemNothingIsSavedAndTheItemsAreTheSame() throws Exception {
        Map<String, AttributeValue> fast;
        try (MotoServer engine = MotoServer.start(ProjectPaths.root());
                DynamoDbClient dynamo = LocalClients.dynamo(engine.endpoint())) {
            fast = updateTenTimes(dynamo);
        }
        try (MotoServer plain = MotoServer.start(ProjectPaths.root(), SPEED);
                DynamoDbClient dynamo = LocalClients.dynamo(plain.endpoint())) {
            Map<String, AttributeValue> slow = updateTenTimes(dynamo);

            assertThat(slow).isEqualTo(fast);
            JsonNode stats = stats(plain);
            SPEED.forEach(
                    patch -> assertThat(stats.fieldNames()).toIterable().noneMatch(name -> name.startsWith(patch)));
        }
    }

    /** Ten updates of one item with one expression text and other values, the way the ledger writes. */
    private static Map<String, AttributeValue> updateTenTimes(DynamoDbClient dynamo) {
        dynamo.createTable(request -> request.tableName("t")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("pk")
                        .keyType(KeyType.HASH)
                        .build()));
        for (int round = 1; round <= 10; round++) {
            String value = Integer.toString(round);
            dynamo.updateItem(request -> request.tableName("t")
                    .key(Map.of("pk", AttributeValue.fromS("a")))
                    .updateExpression("SET #d = :d, #m = :m REMOVE #gone ADD #n :n, #s :s")
                    .conditionExpression("attribute_not_exists(#gone) OR #n < :big")
                    .expressionAttributeNames(
                            Map.of("#d", "date", "#m", "map", "#gone", "gone", "#n", "count", "#s", "events"))
                    .expressionAttributeValues(Map.of(
                            ":d", AttributeValue.fromS("2026-11-" + value),
                            ":m", AttributeValue.fromM(Map.of("k", AttributeValue.fromN(value))),
                            ":n", AttributeValue.fromN(value),
                            ":s", AttributeValue.fromSs(List.of("e" + value)),
                            ":big", AttributeValue.fromN("1000"))));
        }
        return dynamo.getItem(request -> request.tableName("t").key(Map.of("pk", AttributeValue.fromS("a"))))
                .item();
    }

    private static JsonNode stats(MotoServer engine) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(engine.endpoint() + "/_local_engine/stats"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return Json.MAPPER.readTree(response.body());
        }
    }
}
