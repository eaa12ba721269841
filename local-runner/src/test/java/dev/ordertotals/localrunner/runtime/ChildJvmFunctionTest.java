package dev.ordertotals.localrunner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.LambdaStreamEventJson;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.localengine.eventsource.LambdaFunction.Invocation;
import dev.ordertotals.localrunner.testkit.ProbeFunction;
import dev.ordertotals.operator.verify.TotalsVerifier;
import dev.ordertotals.testsupport.LocalTables;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The function under Lambda's own Java runtime interface client, each test in a JVM of its own: the real function
 * jar on moto, and a probe handler for what the runtime gives a handler and how the sandbox ends.
 */
class ChildJvmFunctionTest {

    private static final Path FUNCTION_JAR =
            ProjectPaths.root().resolve("function/target/order-totals-function-lambda.jar");
    private static final Map<String, String> TEMPLATE_VARIABLES = Map.of("GREETING", "hola");

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private ChildJvmFunction function;

    @AfterEach
    void close() {
        if (function != null) {
            function.close();
        }
    }

    @Test
    void theRealFunctionAggregatesABatchFromTheStream() {
        LocalTables tables = LocalTables.create();
        tables.putOrder("o1", "2026-11-25T10:00:00Z", "item123", 3);
        tables.putOrder("o2", "2026-11-25T11:00:00Z", "item123", 4);
        List<Record> records = tables.streamRecords();
        function = new ChildJvmFunction(realFunction(tables), log::add);

        Invocation invocation = function.invoke(LambdaStreamEventJson.event(records, tables.streamArn()));

        assertThat(invocation).as(String.join("\n", log)).isInstanceOf(Invocation.Response.class);
        assertThat(json(((Invocation.Response) invocation).json()).path("batchItemFailures"))
                .isEmpty();
        assertThat(new TotalsVerifier(tables.dynamo(), 2)
                        .verify(tables.pipeline())
                        .exact())
                .as("verify, all three levels")
                .isTrue();
        assertThat(log).anyMatch(line -> line.startsWith("[INFO] Batch records=2 applied=2"));
    }

    @Test
    void aHandlerThatCannotBeConstructedFailsItsInitAndNamesTheMissingVariable() {
        LocalTables tables = LocalTables.create();
        ChildJvmFunction.Config config = realFunction(tables);
        Map<String, String> withoutOrdersTable = new HashMap<>(config.environment());
        withoutOrdersTable.remove(FunctionEnvironment.ORDERS_TABLE);
        function = new ChildJvmFunction(
                new ChildJvmFunction.Config(
                        config.functionJar(),
                        config.handler(),
                        withoutOrdersTable,
                        config.timeout(),
                        config.memoryMb(),
                        config.functionName()),
                log::add);

        Invocation first = function.invoke("{\"Records\":[]}");
        Invocation second = function.invoke("{\"Records\":[]}");

        assertThat(first).isInstanceOfSatisfying(Invocation.Error.class, error -> {
            assertThat(error.type()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.message()).contains(FunctionEnvironment.ORDERS_TABLE);
        });
        assertThat(second).as("a new sandbox tries the init again").isEqualTo(first);
        assertThat(log)
                .filteredOn(line -> line.startsWith("INIT_ERROR Runtime.BadFunctionCode {"))
                .hasSize(2)
                .allMatch(line -> line.contains(FunctionEnvironment.ORDERS_TABLE));
    }

    @Test
    void theHandlerGetsLambdasEnvironmentContextAndClassLoadingAndEachLogCallIsALine() {
        function = new ChildJvmFunction(probe(Duration.ofSeconds(30)), log::add);

        JsonNode seen = response(function.invoke("{\"log\": [\"first\", \"second\"]}"));

        JsonNode environment = seen.path("environment");
        String taskRoot = environment.path("LAMBDA_TASK_ROOT").asText();
        assertThat(Path.of(taskRoot)).isDirectory();
        assertThat(seen.path("workingDirectory").asText()).isEqualTo(taskRoot);
        assertThat(seen.path("codeSource").asText())
                .as("the handler's class comes from the task root")
                .startsWith(taskRoot);
        assertThat(environment.path("GREETING").asText()).isEqualTo("hola");
        assertThat(environment.path("_HANDLER").asText()).isEqualTo(ProbeFunction.HANDLER);
        assertThat(environment.path("AWS_LAMBDA_RUNTIME_API").asText()).startsWith("127.0.0.1:");
        assertThat(environment.path("TZ").asText()).isEqualTo(":UTC");
        assertThat(environment.path("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_java25");
        assertThat(environment.path("AWS_LAMBDA_LOG_STREAM_NAME").asText())
                .matches("\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST][0-9a-f]{32}");
        assertThat(environment.has("HOME"))
                .as("nothing of this JVM's environment")
                .isFalse();
        assertThat(seen.path("requestId").asText()).isNotBlank();
        assertThat(seen.path("functionName").asText()).isEqualTo("probe");
        assertThat(seen.path("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(seen.path("memoryLimitInMB").asInt()).isEqualTo(256);
        assertThat(seen.path("remainingTimeInMillis").asInt()).isBetween(20_000, 30_000);
        assertThat(seen.path("invokedFunctionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:probe");
        assertThat(seen.path("logGroupName").asText()).isEqualTo("/aws/lambda/probe");
        assertThat(seen.path("traceHeader").asText()).startsWith("Root=1-");
        List<String> classPath = Arrays.asList(seen.path("classPath").asText().split(File.pathSeparator));
        assertThat(classPath)
                .as("the runtime's jars alone")
                .allMatch(entry ->
                        entry.startsWith(environment.path("LAMBDA_RUNTIME_DIR").asText()))
                .anyMatch(entry -> entry.endsWith("aws-lambda-java-runtime-interface-client.jar"));
        assertThat(log).containsSequence("[WARN] first", "[WARN] second");
    }

    @Test
    void anExceptionFromTheHandlerIsTheRuntimesErrorTypeAndMessageAndTheSandboxStays() {
        function = new ChildJvmFunction(probe(Duration.ofSeconds(30)), log::add);
        long pid = response(function.invoke("{}")).path("pid").asLong();

        Invocation invocation = function.invoke("{\"throw\": \"bad order\"}");

        assertThat(invocation).isEqualTo(new Invocation.Error("java.lang.IllegalStateException", "bad order"));
        assertThat(response(function.invoke("{}")).path("pid").asLong()).isEqualTo(pid);
    }

    @Test
    void aTimeoutKillsTheJvmAndTheNextInvocationGetsANewOne() {
        function = new ChildJvmFunction(probe(Duration.ofSeconds(3)), log::add);
        long pid = response(function.invoke("{}")).path("pid").asLong();

        long started = System.nanoTime();
        Invocation invocation = function.invoke("{\"sleep\": 60000}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(invocation).isEqualTo(new Invocation.Error("Sandbox.Timedout", "Task timed out after 3 seconds"));
        assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(response(function.invoke("{}")).path("pid").asLong()).isNotEqualTo(pid);
    }

    @Test
    void aRuntimeThatDiesIsReplacedOnTheNextInvocation() {
        function = new ChildJvmFunction(probe(Duration.ofSeconds(30)), log::add);
        long pid = response(function.invoke("{}")).path("pid").asLong();

        Invocation invocation = function.invoke("{\"exit\": 7}");

        assertThat(invocation)
                .isEqualTo(new Invocation.Error("Runtime.ExitError", "Runtime exited with error: exit status 7"));
        assertThat(response(function.invoke("{}")).path("pid").asLong()).isNotEqualTo(pid);
    }

    @Test
    void closeStopsAnInvocationInProgressWithoutWaitingAndRemovesTheTaskRoot() throws Exception {
        function = new ChildJvmFunction(probe(Duration.ofSeconds(60)), log::add);
        Path taskRoot = Path.of(response(function.invoke("{}"))
                .path("environment")
                .path("LAMBDA_TASK_ROOT")
                .asText());
        CompletableFuture<Invocation> sleeping =
                CompletableFuture.supplyAsync(() -> function.invoke("{\"log\": [\"sleeping\"], \"sleep\": 60000}"));
        while (!log.contains("[WARN] sleeping")) {
            Thread.sleep(20);
        }

        function.close();

        assertThat(sleeping.get(10, TimeUnit.SECONDS)).isInstanceOf(Invocation.Error.class);
        assertThat(taskRoot).doesNotExist();
    }

    private ChildJvmFunction.Config probe(Duration timeout) {
        return new ChildJvmFunction.Config(
                ProbeFunction.jar(dir), ProbeFunction.HANDLER, TEMPLATE_VARIABLES, timeout, 256, "probe");
    }

    /** The real function jar with the environment the local runner gives it, pointed at the test's tables on moto. */
    private static ChildJvmFunction.Config realFunction(LocalTables tables) {
        Map<String, String> environment = new HashMap<>();
        environment.put(FunctionEnvironment.ORDERS_TABLE, tables.orders());
        environment.put(FunctionEnvironment.TOTALS_TABLE, tables.totals());
        environment.put(FunctionEnvironment.LEDGER_TABLE, tables.ledger());
        environment.put("AWS_REGION", MotoServer.REGION);
        environment.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
        environment.put("AWS_ENDPOINT_URL", MotoServer.shared().endpoint().toString());
        var spec = tables.template().function();
        return new ChildJvmFunction.Config(
                FUNCTION_JAR, spec.handler(), environment, spec.timeout(), spec.memorySize(), "aggregator");
    }

    private JsonNode response(Invocation invocation) {
        assertThat(invocation).as(String.join("\n", log)).isInstanceOf(Invocation.Response.class);
        return json(((Invocation.Response) invocation).json());
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
