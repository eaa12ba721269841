package dev.ordertotals.localengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB's per-request limits, as the launcher ({@code local_engine.py}) makes the engine enforce them: each refused
 * with DynamoDB's {@code ValidationException} and message, and each let through (or answered with HTTP 500) by an
 * engine started without that patch, so each patch is shown to be needed. The limits moto enforces itself are checked
 * too, so an upgrade that drops one is noticed. Sources of the numbers and messages: the launcher's docstring and
 * docs/guarantees.md.
 */
class LocalEngineLimitsTest {

    private static final String TABLE = "items";
    private static final String ENVELOPE = "1 validation error detected: ";
    private static final String OVERFLOW =
            "Number overflow. Attempting to store a number with magnitude larger than supported range";
    private static final String TOO_MANY_DIGITS = "Attempting to store more than 38 significant digits in a Number";
    private static final String NESTING = "Nesting Levels have exceeded supported limits";
    private static final String NESTING_DETAIL =
            NESTING + ": Attributes in the item have nested levels beyond supported limit";
    private static final String MAX_NUMBER = "9.9999999999999999999999999999999999999E+125";

    private static MotoServer engine;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        engine = MotoServer.start(ProjectPaths.root());
        dynamo = LocalClients.dynamo(engine.endpoint());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void freshTable() {
        engine.reset();
        createTable(dynamo);
    }

    // --- expression-size
    // ----------------------------------------------------------------------------------------------

    @Test
    void anExpressionOver4096BytesIsRefusedAndOneOfExactly4096Accepted() {
        assertRefused(
                () -> update(dynamo, "a", setExpression(4097), values(":v", s("x"))),
                ENVELOPE + "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
        update(dynamo, "a", setExpression(4096), values(":v", s("x")));
        // Bytes of UTF-8, not characters: 2,049 two-byte characters are 4,098 bytes.
        assertRefused(
                () -> dynamo.getItem(r -> r.tableName(TABLE)
                        .key(key("a"))
                        .projectionExpression("#n")
                        .expressionAttributeNames(Map.of("#n", "x"))
                        .projectionExpression("#n, " + "é".repeat(2047))),
                "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;");
    }

    @Test
    void aTransactionWithOneOversizedConditionIsRefusedWholeBeforeAnyWrite() {
        assertRefused(
                () -> dynamo.transactWriteItems(r -> r.transactItems(
                        putItem("first", Map.of()),
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName(TABLE)
                                        .key(key("guard"))
                                        .conditionExpression(conditionExpression(4097)))
                                .build())),
                "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
                        + "expression size: 4097");
        assertThat(item(dynamo, "first")).isEmpty();
    }

    @Test
    void withoutExpressionSizeMotoAcceptsAnExpressionOver4096Bytes() {
        withoutPatch("expression-size", client -> {
            update(client, "a", setExpression(4200), values(":v", s("x")));
            assertThat(item(client, "a")).containsKey(padName(0, 50));
        });
    }

    // --- expression-operators
    // -----------------------------------------------------------------------------------------

    @Test
    void moreThan300OperatorsOrMoreThan100InOperandsAreRefused() {
        assertRefused(
                () -> update(dynamo, "a", plusExpression(301), values(":v", n("1"))),
                ENVELOPE + "Invalid UpdateExpression: The expression contains too many operators; operator count: 301");
        update(dynamo, "a", plusExpression(300), values(":v", n("1")));
        assertRefused(
                () -> dynamo.scan(r -> r.tableName(TABLE)
                        .filterExpression(inExpression(101))
                        .expressionAttributeValues(inValues(101))),
                "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101");
        dynamo.scan(
                r -> r.tableName(TABLE).filterExpression(inExpression(100)).expressionAttributeValues(inValues(100)));
    }

    @Test
    void withoutExpressionOperatorsMotoAcceptsThemAll() {
        withoutPatch("expression-operators", client -> {
            update(client, "a", plusExpression(301), values(":v", n("1")));
            client.scan(r ->
                    r.tableName(TABLE).filterExpression(inExpression(101)).expressionAttributeValues(inValues(101)));
        });
    }

    // --- expression-placeholders
    // --------------------------------------------------------------------------------------

    @Test
    void unusedLongEmptyOrTooLargeSubstitutionsAreRefused() {
        assertRefused(
                () -> dynamo.putItem(r -> r.tableName(TABLE)
                        .item(key("a"))
                        .conditionExpression("attribute_not_exists(pk)")
                        .expressionAttributeValues(values(":b", s("y")))),
                ENVELOPE + "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}");
        String longName = "#" + "a".repeat(255);
        assertRefused(
                () -> dynamo.getItem(r -> r.tableName(TABLE)
                        .key(key("a"))
                        .projectionExpression(longName)
                        .expressionAttributeNames(Map.of(longName, "x"))),
                "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is "
                        + "too long; size of key: 256");
        assertRefused(
                () -> dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                        .conditionCheck(c -> c.tableName(TABLE)
                                .key(key("a"))
                                .conditionExpression("attribute_not_exists(pk)")
                                .expressionAttributeValues(Map.of()))
                        .build())),
                "ExpressionAttributeValues must not be empty");
        assertRefused(() -> putWithLargeSubstitution(dynamo), ENVELOPE + "ExpressionAttributeValues exceeds max size");
    }

    @Test
    void withoutExpressionPlaceholdersMotoAcceptsThem() {
        withoutPatch("expression-placeholders", client -> {
            client.putItem(r -> r.tableName(TABLE)
                    .item(key("a"))
                    .conditionExpression("attribute_not_exists(pk)")
                    .expressionAttributeValues(values(":b", s("y"))));
            String longName = "#" + "a".repeat(255);
            client.getItem(r -> r.tableName(TABLE)
                    .key(key("a"))
                    .projectionExpression(longName)
                    .expressionAttributeNames(Map.of(longName, "x")));
            putWithLargeSubstitution(client);
        });
    }

    // --- long-expressions
    // ---------------------------------------------------------------------------------------------

    @Test
    void anUpdateOf370ClausesWithinTheLimitsIsApplied() {
        update(dynamo, "a", clauses(370), values(":v", n("1")));
        assertThat(item(dynamo, "a")).containsKeys("a0", "a369");
    }

    @Test
    void withoutLongExpressionsMotoAnswersHttp500ToIt() {
        withoutPatch(
                "long-expressions",
                client -> assertThatThrownBy(() -> update(client, "a", clauses(370), values(":v", n("1"))))
                        .isInstanceOfSatisfying(
                                DynamoDbException.class,
                                e -> assertThat(e.statusCode()).isEqualTo(500)));
    }

    // --- number-limits
    // ------------------------------------------------------------------------------------------------

    @Test
    void aNumberOfMoreThan38DigitsOrOutOfRangeIsRefusedWhereverItIs() {
        String digits39 = "1".repeat(39);
        assertRefused(() -> put(dynamo, "a", Map.of("v", n(digits39))), ENVELOPE + TOO_MANY_DIGITS);
        assertRefused(() -> put(dynamo, "a", Map.of("v", n("1E+126"))), ENVELOPE + OVERFLOW);
        assertRefused(
                () -> put(dynamo, "a", Map.of("v", n("1E-131"))),
                ENVELOPE
                        + "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertRefused(
                () -> put(dynamo, "a", Map.of("v", AttributeValue.fromNs(List.of("1", digits39)))),
                ENVELOPE + TOO_MANY_DIGITS);
        assertRefused(
                () -> dynamo.scan(r -> r.tableName(TABLE)
                        .filterExpression("v = :v")
                        .expressionAttributeValues(values(":v", n(digits39)))),
                TOO_MANY_DIGITS);
        put(dynamo, "a", Map.of("v", n("9".repeat(38)), "w", n(MAX_NUMBER), "x", n("-1E-130")));
        assertThat(item(dynamo, "a").get("v").n()).isEqualTo("9".repeat(38));
    }

    @Test
    void withoutNumberLimitsMotoStores39DigitsAnd1Eplus126() {
        withoutPatch("number-limits", client -> {
            put(client, "a", Map.of("v", n("1".repeat(39)), "w", n("1E+126")));
            assertThat(item(client, "a").get("v").n()).isEqualTo("1".repeat(39));
        });
    }

    // --- number-arithmetic
    // --------------------------------------------------------------------------------------------

    @Test
    void anAddOrSumBeyondTheLimitsIsRefusedAndLeavesNoTrace() {
        put(dynamo, "max", Map.of("v", n(MAX_NUMBER), "w", s("before")));
        put(dynamo, "e38", Map.of("v", n("1E+38")));
        int streamBefore = streamRecords();

        assertRefused(
                () -> update(dynamo, "max", "SET w = :w ADD v :a", values(":a", n("1E+125"), ":w", s("after"))),
                OVERFLOW);
        assertRefused(() -> update(dynamo, "max", "SET v = v + :a", values(":a", n("1E+125"))), OVERFLOW);
        assertRefused(() -> update(dynamo, "max", "SET v = :a - v", values(":a", n("-1E+125"))), OVERFLOW);
        assertRefused(() -> update(dynamo, "e38", "ADD v :one", values(":one", n("1"))), TOO_MANY_DIGITS);
        assertRefused(() -> update(dynamo, "new", "SET v = :a + :a", values(":a", n(MAX_NUMBER))), OVERFLOW);

        assertThat(item(dynamo, "max")).containsEntry("v", n(MAX_NUMBER)).containsEntry("w", s("before"));
        assertThat(item(dynamo, "e38")).containsEntry("v", n("1E+38"));
        assertThat(item(dynamo, "new")).isEmpty();
        assertThat(streamRecords()).isEqualTo(streamBefore);
    }

    @Test
    void aTransactionWhoseAddOverflowsIsCancelledWithAValidationErrorReason() {
        put(dynamo, "max", Map.of("v", n(MAX_NUMBER)));
        int streamBefore = streamRecords();

        assertThatThrownBy(() -> dynamo.transactWriteItems(
                        r -> r.transactItems(putItem("other", Map.of()), add("max", "1E+125"))))
                .isInstanceOfSatisfying(
                        TransactionCanceledException.class,
                        e -> assertThat(e.cancellationReasons())
                                .extracting(CancellationReason::code, CancellationReason::message)
                                .containsExactly(tuple("None", null), tuple("ValidationError", OVERFLOW)));

        assertThat(item(dynamo, "other")).isEmpty();
        assertThat(item(dynamo, "max")).containsEntry("v", n(MAX_NUMBER));
        assertThat(streamRecords()).isEqualTo(streamBefore);
    }

    @Test
    void sumsAreExactInPlainNotation() {
        put(dynamo, "a", Map.of("v", n("1234567890123456789012345678901"), "e", n("1E+2")));
        update(dynamo, "a", "ADD v :a, e :one", values(":a", n("0.75"), ":one", n("1")));
        update(dynamo, "a", "SET v = v + :a", values(":a", n("0.25")));

        assertThat(item(dynamo, "a"))
                .containsEntry("v", n("1234567890123456789012345678902"))
                .containsEntry("e", n("101"));
    }

    @Test
    void withoutNumberArithmeticMotoStoresAnOverflowingSum() {
        withoutPatch("number-arithmetic", client -> {
            put(client, "max", Map.of("v", n(MAX_NUMBER)));
            update(client, "max", "ADD v :a", values(":a", n("1.0E+125")));
            assertThat(item(client, "max").get("v").n()).isNotEqualTo(MAX_NUMBER);
        });
    }

    // --- set-values
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aSetWithDuplicatesIsRefused() {
        assertRefused(
                () -> put(dynamo, "a", Map.of("s", AttributeValue.fromSs(List.of("x", "x")))),
                ENVELOPE + "One or more parameter values were invalid: Input collection [x, x] contains duplicates.");
        assertRefused(
                () -> put(dynamo, "a", Map.of("s", AttributeValue.fromNs(List.of("1", "1.0")))),
                ENVELOPE + "Input collection contains duplicates");
        assertRefused(
                () -> update(
                        dynamo, "a", "ADD s :s", values(":s", AttributeValue.fromBs(List.of(bytes("x"), bytes("x"))))),
                ENVELOPE
                        + "One or more parameter values were invalid: Input collection [eA==, eA==]of type BS contains "
                        + "duplicates.");
    }

    @Test
    void withoutSetValuesMotoStoresDuplicates() {
        withoutPatch("set-values", client -> {
            put(client, "a", Map.of("s", AttributeValue.fromSs(List.of("x", "x"))));
            assertThat(item(client, "a").get("s").ss()).hasSize(2);
        });
    }

    // --- nesting-limit
    // ------------------------------------------------------------------------------------------------

    /**
     * DynamoDB counts the attribute's own value as level 1: a scalar inside 31 maps (level 32) is stored, inside 32
     * maps (level 33) refused. Captured against DynamoDB (eu-west-2 and us-east-1, 2026) by the open-source
     * dynamodb-conformance suite (tests/tier3/limits/nestingDepth.test.ts), matching the 32 levels of DynamoDB's
     * quotas page.
     */
    @Test
    void aValueBelow32LevelsIsRefusedInAnItemAndInAnUpdate() {
        put(dynamo, "ok", Map.of("d", nested(31)));
        assertRefused(() -> put(dynamo, "deep", Map.of("d", nested(32))), ENVELOPE + NESTING_DETAIL);
        assertRefused(
                () -> dynamo.batchWriteItem(r -> r.requestItems(Map.of(
                        TABLE,
                        List.of(WriteRequest.builder()
                                .putRequest(p -> p.item(withKey("deep", Map.of("d", nested(32)))))
                                .build())))),
                NESTING_DETAIL);

        put(dynamo, "m", Map.of("m", nested(1)));
        int streamBefore = streamRecords();
        assertRefused(() -> update(dynamo, "m", "SET m.n = :d", values(":d", nested(31))), ENVELOPE + NESTING_DETAIL);
        assertThat(item(dynamo, "m")).containsEntry("m", nested(1));
        assertThat(streamRecords()).isEqualTo(streamBefore);
        update(dynamo, "m", "SET m.n = :d", values(":d", nested(30)));

        assertThatThrownBy(() -> dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                        .update(u -> u.tableName(TABLE)
                                .key(key("t"))
                                .updateExpression("SET d = :d")
                                .expressionAttributeValues(values(":d", nested(32))))
                        .build())))
                .isInstanceOfSatisfying(
                        TransactionCanceledException.class,
                        e -> assertThat(e.cancellationReasons())
                                .extracting(CancellationReason::code, CancellationReason::message)
                                .containsExactly(tuple("ValidationError", NESTING)));
        assertThat(item(dynamo, "t")).isEmpty();
    }

    @Test
    void withoutNestingLimitMotoStoresAnyDepth() {
        withoutPatch("nesting-limit", client -> {
            put(client, "deep", Map.of("d", nested(40)));
            assertThat(item(client, "deep")).containsKey("d");
        });
    }

    // --- transaction-size
    // ---------------------------------------------------------------------------------------------

    @Test
    void aTransactionOfMoreThan4MbIsRefusedWholeBeforeAnyCondition() {
        assertRefused(
                () -> dynamo.transactWriteItems(r -> r.transactItems(bigPuts(11))),
                "Transaction request cannot be larger than 4 MB");
        assertThat(item(dynamo, "big0")).isEmpty();
        dynamo.transactWriteItems(r -> r.transactItems(bigPuts(10)));
        assertThat(item(dynamo, "big9")).isNotEmpty();
    }

    @Test
    void withoutTransactionSizeMotoCommitsMoreThan4Mb() {
        withoutPatch("transaction-size", client -> {
            client.transactWriteItems(r -> r.transactItems(bigPuts(11)));
            assertThat(item(client, "big10")).isNotEmpty();
        });
    }

    // --- batch-write-limit and transact-get-limit
    // ---------------------------------------------------------------------

    @Test
    void aBatchWriteOfMoreThan25IsRefusedAndATransactGetOf100Answered() {
        assertThatThrownBy(() -> dynamo.batchWriteItem(r -> r.requestItems(Map.of(TABLE, puts(26)))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith(ENVELOPE + "Value '{" + TABLE + "=[")
                            .endsWith("]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy "
                                    + "constraint: [Member must have length less than or equal to 25, Member must "
                                    + "have length greater than or equal to 1]");
                });
        assertThat(item(dynamo, "w0")).isEmpty();
        dynamo.batchWriteItem(r -> r.requestItems(Map.of(TABLE, puts(25))));

        assertThat(dynamo.transactGetItems(r -> r.transactItems(gets(100))).responses())
                .hasSize(100);
        assertThatThrownBy(() -> dynamo.transactGetItems(r -> r.transactItems(gets(101))))
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .endsWith("Member must have length less than or equal to 100"));
    }

    @Test
    void withoutBatchWriteLimitMotoWrites26() {
        withoutPatch("batch-write-limit", client -> {
            client.batchWriteItem(r -> r.requestItems(Map.of(TABLE, puts(26))));
            assertThat(item(client, "w25")).isNotEmpty();
        });
    }

    @Test
    void withoutTransactGetLimitMotoRefuses26Gets() {
        withoutPatch(
                "transact-get-limit",
                client -> assertThatThrownBy(() -> client.transactGetItems(r -> r.transactItems(gets(26))))
                        .isInstanceOfSatisfying(
                                DynamoDbException.class,
                                e -> assertThat(e.awsErrorDetails().errorMessage())
                                        .endsWith("Member must have length less than or equal to 25")));
    }

    // --- the wire format, and the limits moto enforces itself
    // ---------------------------------------------------------

    @Test
    void aRefusalIsHttp400WithDynamoDbsErrorType() throws Exception {
        String body = "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"a\"}},\"UpdateExpression\":\""
                + setExpression(4097) + "\",\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"}}}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(engine.endpoint() + "/"))
                                .header("Content-Type", "application/x-amz-json-1.0")
                                .header("X-Amz-Target", "DynamoDB_20120810.UpdateItem")
                                // The credential scope names the service; moto does not check the signature.
                                .header(
                                        "Authorization",
                                        "AWS4-HMAC-SHA256 Credential=" + MotoServer.ACCESS_KEY + "/20260101/"
                                                + MotoServer.REGION + "/dynamodb/aws4_request, "
                                                + "SignedHeaders=host, Signature=0")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"__type\": \"com.amazonaws.dynamodb.v20120810#ValidationException\"")
                .contains("Expression size has exceeded the maximum allowed size");
    }

    @Test
    void theLimitsMotoEnforcesItselfStillAnswerValidationException() {
        dynamo.createTable(r -> r.tableName("ranged")
                .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        assertValidationException(
                () -> put(dynamo, "k".repeat(2049), Map.of()), "Size of hashkey has exceeded the maximum size limit");
        assertValidationException(
                () -> dynamo.putItem(r -> r.tableName("ranged").item(Map.of("pk", s("a"), "sk", s("k".repeat(1025))))),
                "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        put(dynamo, "k".repeat(2048), Map.of());
        assertValidationException(
                () -> put(dynamo, "a", Map.of("v", s("x".repeat(410_000)))),
                "Item size has exceeded the maximum allowed size");
        List<TransactWriteItem> actions = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> actions.add(putItem("t" + i, Map.of())));
        assertValidationException(
                () -> dynamo.transactWriteItems(r -> r.transactItems(actions)),
                "Member must have length less than or equal to 100");
        assertValidationException(
                () -> dynamo.transactWriteItems(r -> r.transactItems(putItem("same", Map.of()), add("same", "1"))),
                "Transaction request cannot include multiple operations on one item");
    }

    // --- helpers
    // ------------------------------------------------------------------------------------------------------

    private static void assertRefused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    private static void assertValidationException(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
        });
    }

    /** Runs a scenario against an engine started without one patch, on a fresh table; it must not throw. */
    private static void withoutPatch(String patch, Consumer<DynamoDbClient> scenario) {
        try (MotoServer plain = MotoServer.start(ProjectPaths.root(), Set.of(patch));
                DynamoDbClient client = LocalClients.dynamo(plain.endpoint())) {
            createTable(client);
            assertThatCode(() -> scenario.accept(client)).doesNotThrowAnyException();
        }
    }

    private static void createTable(DynamoDbClient client) {
        client.createTable(request -> request.tableName(TABLE)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(
                        spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    }

    private static int streamRecords() {
        String arn = dynamo.describeTable(r -> r.tableName(TABLE)).table().latestStreamArn();
        try (DynamoDbStreamsClient streams = LocalClients.streams(engine.endpoint())) {
            return new StreamShardReader(streams, arn).readAll().size();
        }
    }

    private static void put(DynamoDbClient client, String key, Map<String, AttributeValue> attributes) {
        client.putItem(r -> r.tableName(TABLE).item(withKey(key, attributes)));
    }

    private static void update(
            DynamoDbClient client, String key, String expression, Map<String, AttributeValue> values) {
        client.updateItem(r ->
                r.tableName(TABLE).key(key(key)).updateExpression(expression).expressionAttributeValues(values));
    }

    private static Map<String, AttributeValue> item(DynamoDbClient client, String key) {
        return client.getItem(r -> r.tableName(TABLE).key(key(key)).consistentRead(true))
                .item();
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of("pk", s(key));
    }

    private static Map<String, AttributeValue> withKey(String key, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("pk", s(key));
        return item;
    }

    private static Map<String, AttributeValue> values(Object... placeholdersAndValues) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        for (int i = 0; i < placeholdersAndValues.length; i += 2) {
            values.put((String) placeholdersAndValues[i], (AttributeValue) placeholdersAndValues[i + 1]);
        }
        return values;
    }

    private static TransactWriteItem putItem(String key, Map<String, AttributeValue> attributes) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName(TABLE).item(withKey(key, attributes)))
                .build();
    }

    private static TransactWriteItem add(String key, String delta) {
        return TransactWriteItem.builder()
                .update(u -> u.tableName(TABLE)
                        .key(key(key))
                        .updateExpression("ADD v :d")
                        .expressionAttributeValues(values(":d", n(delta))))
                .build();
    }

    /** 390,000-byte items: 11 of them are more than 4 MB, 10 less. */
    private static List<TransactWriteItem> bigPuts(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> putItem("big" + i, Map.of("v", s("x".repeat(390_000)))))
                .toList();
    }

    private static List<WriteRequest> puts(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(key("w" + i)).build())
                        .build())
                .toList();
    }

    private static List<TransactGetItem> gets(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> TransactGetItem.builder()
                        .get(g -> g.tableName(TABLE).key(key("g" + i)))
                        .build())
                .toList();
    }

    private static void putWithLargeSubstitution(DynamoDbClient client) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        IntStream.range(0, 8).forEach(i -> values.put(":v" + i, s("x".repeat(300_000))));
        client.putItem(r -> r.tableName(TABLE)
                .item(key("large"))
                .conditionExpression(IntStream.range(0, 8)
                        .mapToObj(i -> "(attribute_not_exists(x) OR x <> :v" + i + ")")
                        .collect(Collectors.joining(" AND ")))
                .expressionAttributeValues(values));
    }

    /** {@code SET <name> = :v, ...} of exactly {@code bytes} bytes, with long names so there are few clauses. */
    private static String setExpression(int bytes) {
        StringBuilder expression = new StringBuilder("SET ");
        int clause = 0;
        while (expression.length() + 120 < bytes) {
            expression
                    .append(clause == 0 ? "" : ", ")
                    .append(padName(clause++, 50))
                    .append(" = :v");
        }
        int left = bytes - expression.length() - ", ".length() - " = :v".length();
        return expression
                .append(", ")
                .append(padName(clause, left))
                .append(" = :v")
                .toString();
    }

    /** {@code attribute_not_exists(...) AND ...} of exactly {@code bytes} bytes. */
    private static String conditionExpression(int bytes) {
        StringBuilder expression = new StringBuilder();
        int clause = 0;
        while (expression.length() + 170 < bytes) {
            expression
                    .append(clause == 0 ? "" : " AND ")
                    .append("attribute_not_exists(")
                    .append(padName(clause++, 50))
                    .append(")");
        }
        int left = bytes - expression.length() - " AND attribute_not_exists()".length();
        return expression
                .append(" AND attribute_not_exists(")
                .append(padName(clause, left))
                .append(")")
                .toString();
    }

    private static String padName(int index, int length) {
        String suffix = "x" + index;
        return "a".repeat(length - suffix.length()) + suffix;
    }

    /** {@code SET a0 = :v + :v, ...}: one operator per clause. */
    private static String plusExpression(int operators) {
        return "SET "
                + IntStream.range(0, operators)
                        .mapToObj(i -> "a" + i + "=:v+:v")
                        .collect(Collectors.joining(","));
    }

    /** {@code SET a0 = :v, ...}: no operator at all. */
    private static String clauses(int count) {
        return "SET "
                + IntStream.range(0, count).mapToObj(i -> "a" + i + " = :v").collect(Collectors.joining(", "));
    }

    private static String inExpression(int operands) {
        return "v IN (" + IntStream.range(0, operands).mapToObj(i -> ":v" + i).collect(Collectors.joining(", ")) + ")";
    }

    private static Map<String, AttributeValue> inValues(int operands) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        IntStream.range(0, operands).forEach(i -> values.put(":v" + i, n(Integer.toString(i))));
        return values;
    }

    /** A scalar inside {@code maps} single-key maps: {@code nested(1)} is {@code {M: {n: {S: leaf}}}}. */
    private static AttributeValue nested(int maps) {
        AttributeValue value = s("leaf");
        for (int i = 0; i < maps; i++) {
            value = AttributeValue.fromM(Map.of("n", value));
        }
        return value;
    }

    private static SdkBytes bytes(String text) {
        return SdkBytes.fromUtf8String(text);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
