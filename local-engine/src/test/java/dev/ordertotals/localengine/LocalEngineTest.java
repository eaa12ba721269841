package dev.ordertotals.localengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What our launcher ({@code local_engine.py}) adds to moto, each patch shown to be needed: the same scenario on an
 * engine started without it goes wrong the way the launcher's docstring says.
 */
class LocalEngineTest {

    private static final String TABLE = "items";
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

    // --- item-backup: atomicity --------------------------------------------------------------------------------

    @Test
    void cancelledTransactionLeavesNoTraceInItemsOrStream() {
        put(dynamo, "a", 1);
        put(dynamo, "guard", 0);
        int streamBefore = streamRecords().size();

        assertThatThrownBy(() -> dynamo.transactWriteItems(request -> request.transactItems(
                        add("a", 10), add("new", 5), putItem("put", 7), conditionAbsent("guard"))))
                .isInstanceOf(TransactionCanceledException.class);

        assertThat(quantity(dynamo, "a")).isEqualTo("1");
        assertThat(item(dynamo, "new")).isEmpty();
        assertThat(item(dynamo, "put")).isEmpty();
        assertThat(streamRecords()).hasSize(streamBefore);
    }

    @Test
    void refusedTransactionLeavesNoTrace() {
        put(dynamo, "a", 1);
        dynamo.putItem(request -> request.tableName(TABLE).item(Map.of("pk", s("corrupt"), "quantity", s("seven"))));
        int streamBefore = streamRecords().size();

        // ADD of a number to a string is refused by DynamoDB after the first action was already applied by moto.
        assertThatThrownBy(() ->
                        dynamo.transactWriteItems(request -> request.transactItems(add("a", 10), add("corrupt", 1))))
                .isInstanceOf(DynamoDbException.class);

        assertThat(quantity(dynamo, "a")).isEqualTo("1");
        assertThat(streamRecords()).hasSize(streamBefore);
    }

    @Test
    void committedTransactionIsWhole() {
        put(dynamo, "a", 1);

        dynamo.transactWriteItems(request -> request.transactItems(add("a", 10), add("new", 5), putItem("put", 7)));

        assertThat(quantity(dynamo, "a")).isEqualTo("11");
        assertThat(quantity(dynamo, "new")).isEqualTo("5");
        assertThat(quantity(dynamo, "put")).isEqualTo("7");
        // moto's UpdateItem that creates an item emits a keys-only INSERT before the full one (see notes): 1 + 1 + 2 +
        // 1.
        assertThat(streamRecords()).hasSize(5);
    }

    @Test
    void streamIteratorOpenedBeforeACancelledTransactionStillSeesLaterWrites() {
        assertThat(iteratorSurvivesCancelledTransaction(engine, dynamo)).isTrue();
    }

    @Test
    void withoutItemBackupAnIteratorGoesStaleAfterACancelledTransaction() {
        try (MotoServer plain = MotoServer.start(ProjectPaths.root(), Set.of("item-backup"));
                DynamoDbClient client = LocalClients.dynamo(plain.endpoint())) {
            createTable(client);
            assertThat(iteratorSurvivesCancelledTransaction(plain, client)).isFalse();
        }
    }

    // --- serial: one request at a time ---------------------------------------------------------------------------

    @Test
    void aRequestIsAnsweredOnlyAfterTheRequestBeforeItCompletes() throws Exception {
        // Without item-backup a transaction is slow (table copies): time enough to send a second request during it.
        try (MotoServer serial = MotoServer.start(ProjectPaths.root(), Set.of("item-backup"));
                DynamoDbClient client = LocalClients.dynamo(serial.endpoint())) {
            assertThat(quickReadFinishesDuringSlowTransaction(client)).isFalse();
        }
    }

    @Test
    void withoutSerialRequestsAQuickReadRunsInsideASlowTransaction() throws Exception {
        // This interleaving is what loses writes: moto restores its pre-transaction copy of the table on a cancel,
        // erasing whatever another request wrote in between (the drift described in the ledger issue).
        try (MotoServer threaded = MotoServer.start(ProjectPaths.root(), Set.of("item-backup", "serial"));
                DynamoDbClient client = LocalClients.dynamo(threaded.endpoint())) {
            assertThat(quickReadFinishesDuringSlowTransaction(client)).isTrue();
        }
    }

    @Test
    void aClientThatStopsHalfWayThroughARequestCannotHoldTheEngine() throws Exception {
        try (Socket stalled =
                new Socket(engine.endpoint().getHost(), engine.endpoint().getPort())) {
            stalled.getOutputStream()
                    .write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"
                            .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();

            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
                put(dynamo, "after", 1);
                return quantity(dynamo, "after");
            });

            assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo("1");
        }
    }

    // --- the launcher itself ---------------------------------------------------------------------------------------

    @Test
    void refusesAnyOtherMotoVersion() throws Exception {
        Path venvPython = PythonVenv.at(ProjectPaths.root()).bin("python");
        Path launcher = PythonVenv.at(ProjectPaths.root())
                .install(MotoServer.LAUNCHER, MotoServer.class.getResourceAsStream(MotoServer.LAUNCHER));
        String script =
                "import sys, runpy, moto; moto.__version__ = '5.2.4'; sys.argv = ['local_engine.py', '-p', '1']; "
                        + "runpy.run_path('" + launcher + "', run_name='__main__')";
        Process process = new ProcessBuilder(venvPython.toString(), "-c", script)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("patches moto 5.2.5 internals but found moto 5.2.4");
    }

    @Test
    void engineExitsWhenItsParentIsKilled() throws Exception {
        Path python = PythonVenv.at(ProjectPaths.root()).bin("python");
        Path launcher = PythonVenv.at(ProjectPaths.root())
                .install(MotoServer.LAUNCHER, MotoServer.class.getResourceAsStream(MotoServer.LAUNCHER));
        // A shell stands in for the JVM that started the engine; kill -9 gives it no chance to clean up.
        Process shell = new ProcessBuilder(
                        "sh", "-c", "'" + python + "' '" + launcher + "' --parent-pid $$ -H 127.0.0.1 -p 0 & wait")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        ProcessHandle child = awaitChild(shell.toHandle());
        shell.destroyForcibly().waitFor();

        assertThat(child.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    // --- scenarios and helpers --------------------------------------------------------------------------------------

    /** Opens an iterator at the stream's start, cancels a transaction, writes, and reads with that old iterator. */
    private static boolean iteratorSurvivesCancelledTransaction(MotoServer server, DynamoDbClient client) {
        put(client, "a", 1);
        put(client, "a-guard", 0);
        try (DynamoDbStreamsClient streams = LocalClients.streams(server.endpoint())) {
            String arn = streamArn(client);
            String shard = streams.describeStream(r -> r.streamArn(arn))
                    .streamDescription()
                    .shards()
                    .getFirst()
                    .shardId();
            String iterator = streams.getShardIterator(
                            r -> r.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            assertThatThrownBy(() -> client.transactWriteItems(
                            request -> request.transactItems(add("a", 10), conditionAbsent("a-guard"))))
                    .isInstanceOf(TransactionCanceledException.class);
            put(client, "b", 2);
            List<String> keys = streams.getRecords(r -> r.shardIterator(iterator)).records().stream()
                    .map(record -> record.dynamodb().keys().get("pk").s())
                    .toList();
            return keys.equals(List.of("a", "a-guard", "b"));
        }
    }

    /**
     * Sends a 60-action transaction on a table of 500 items (seconds in plain moto) and, while it runs, a
     * {@code GetItem}; tells whether the read was answered before the transaction.
     */
    private static boolean quickReadFinishesDuringSlowTransaction(DynamoDbClient client) throws Exception {
        createTable(client);
        List<WriteRequest> writes = IntStream.range(0, 500)
                .mapToObj(i -> WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(Map.of("pk", s("k" + i), "quantity", n(100)))
                                .build())
                        .build())
                .toList();
        for (int from = 0; from < writes.size(); from += 25) {
            List<WriteRequest> page = writes.subList(from, from + 25);
            client.batchWriteItem(request -> request.requestItems(Map.of(TABLE, page)));
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        IntStream.range(0, 60).forEach(i -> actions.add(add("k" + i, 1)));
        CompletableFuture<Long> transaction = CompletableFuture.supplyAsync(() -> {
            client.transactWriteItems(request -> request.transactItems(actions));
            return System.nanoTime();
        });
        Thread.sleep(300);
        assertThat(transaction)
                .as("the transaction should still run when the read is sent")
                .isNotDone();
        quantity(client, "k499");
        long readDone = System.nanoTime();
        return readDone < transaction.get(120, TimeUnit.SECONDS);
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var child = parent.children().findFirst();
            if (child.isPresent()) {
                Thread.sleep(1500); // let the engine get past start-up, to its watch of the parent
                return child.get();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the engine did not start");
    }

    private static void createTable(DynamoDbClient client) {
        client.createTable(request -> request.tableName(TABLE)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(
                        spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    }

    private static String streamArn(DynamoDbClient client) {
        return client.describeTable(request -> request.tableName(TABLE)).table().latestStreamArn();
    }

    private static List<?> streamRecords() {
        try (DynamoDbStreamsClient streams = LocalClients.streams(engine.endpoint())) {
            return new StreamShardReader(streams, streamArn(dynamo)).readAll();
        }
    }

    private static void put(DynamoDbClient client, String key, long quantity) {
        client.putItem(request -> request.tableName(TABLE).item(Map.of("pk", s(key), "quantity", n(quantity))));
    }

    private static Map<String, AttributeValue> item(DynamoDbClient client, String key) {
        return client.getItem(request ->
                        request.tableName(TABLE).key(Map.of("pk", s(key))).consistentRead(true))
                .item();
    }

    private static String quantity(DynamoDbClient client, String key) {
        return item(client, key).get("quantity").n();
    }

    private static TransactWriteItem add(String key, long delta) {
        return TransactWriteItem.builder()
                .update(update -> update.tableName(TABLE)
                        .key(Map.of("pk", s(key)))
                        .updateExpression("ADD quantity :d")
                        .expressionAttributeValues(Map.of(":d", n(delta))))
                .build();
    }

    private static TransactWriteItem putItem(String key, long quantity) {
        return TransactWriteItem.builder()
                .put(put -> put.tableName(TABLE).item(Map.of("pk", s(key), "quantity", n(quantity))))
                .build();
    }

    private static TransactWriteItem conditionAbsent(String key) {
        return TransactWriteItem.builder()
                .conditionCheck(check -> check.tableName(TABLE)
                        .key(Map.of("pk", s(key)))
                        .conditionExpression("attribute_not_exists(pk)"))
                .build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
