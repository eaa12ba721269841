package dev.ordertotals.localrunner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localrunner.testkit.ProbeFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Runtime API as the runtime interface client sees it: first spoken to over plain HTTP, endpoint by
 * endpoint; then with the real client in a sandbox, for the error it posts when a handler throws.
 */
class LocalRuntimeApiTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:probe";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalRuntimeApi api = start();

    @AfterEach
    void close() {
        api.close();
        http.close();
    }

    @Test
    void nextWaitsForAnEventThenHandsItOutWithItsRequestIdDeadlineArnAndTraceHeaders() throws Exception {
        CompletableFuture<HttpResponse<String>> next =
                http.sendAsync(get("invocation/next"), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        assertThat(next).as("no event yet").isNotDone();

        Instant submitted = Instant.now();
        LocalRuntimeApi.Invocation invocation = api.submit("{\"Records\":[]}");
        HttpResponse<String> response = next.get(5, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"Records\":[]}");
        assertThat(response.headers().firstValue("Lambda-Runtime-Aws-Request-Id"))
                .contains(invocation.requestId());
        assertThat(response.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .contains(ARN);
        assertThat(response.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow())
                .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
        long deadline = Long.parseLong(
                response.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertThat(deadline)
                .isBetween(
                        submitted.plus(TIMEOUT).toEpochMilli(),
                        Instant.now().plus(TIMEOUT).toEpochMilli());
        assertThat(invocation.deadline()).isCompletedWithValue(Instant.ofEpochMilli(deadline));
        assertThat(invocation.result()).isNotDone();
    }

    @Test
    void aResponseCompletesItsInvocationOnce() throws Exception {
        LocalRuntimeApi.Invocation invocation = api.submit("{}");
        String requestId = next();

        HttpResponse<String> accepted =
                post("invocation/" + requestId + "/response", Map.of(), "{\"batchItemFailures\":[]}");
        HttpResponse<String> again = post("invocation/" + requestId + "/response", Map.of(), "{}");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(invocation.result()).isCompletedWithValue(new InvokeResult.Response("{\"batchItemFailures\":[]}"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("InvalidRequestID");
    }

    @Test
    void anErrorKeepsTheRuntimesErrorTypeHeaderAndBody() throws Exception {
        LocalRuntimeApi.Invocation invocation = api.submit("{}");
        String requestId = next();
        String body = "{\"errorMessage\":\"bad order\",\"errorType\":\"IllegalStateException\",\"stackTrace\":[]}";

        HttpResponse<String> accepted = post(
                "invocation/" + requestId + "/error",
                Map.of(LocalRuntimeApi.ERROR_TYPE_HEADER, "Runtime.UserException"),
                body);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(invocation.result())
                .isCompletedWithValue(
                        new InvokeResult.RuntimeError(InvokeResult.Phase.INVOKE, "Runtime.UserException", body));
    }

    @Test
    void anInitErrorFailsTheQueuedInvocationAndEveryLaterOne() throws Exception {
        LocalRuntimeApi.Invocation queued = api.submit("{}");
        String body =
                "{\"errorMessage\":\"Missing required environment variable(s): tabla_pedidos\",\"errorType\":\"IllegalStateException\"}";

        HttpResponse<String> accepted =
                post("init/error", Map.of(LocalRuntimeApi.ERROR_TYPE_HEADER, "Runtime.BadFunctionCode"), body);

        InvokeResult.RuntimeError expected =
                new InvokeResult.RuntimeError(InvokeResult.Phase.INIT, "Runtime.BadFunctionCode", body);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(queued.result()).isCompletedWithValue(expected);
        assertThat(api.submit("{}").result()).isCompletedWithValue(expected);
    }

    @Test
    void anythingElseIsNotFound() throws Exception {
        assertThat(http.send(get("restore/next"), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theRealRuntimePostsAHandlersExceptionAsItsErrorJsonWithTheStackTrace(@TempDir Path dir) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Sandbox.Function probe =
                new Sandbox.Function(ProbeFunction.jar(dir), ProbeFunction.HANDLER, Map.of(), TIMEOUT, 256, "probe");
        InvokeResult result;
        try (Sandbox sandbox = Sandbox.start(probe, log::add)) {
            result = sandbox.invoke("{\"throw\": \"bad order\"}");
            // The runtime logs the error after posting it.
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    log.isEmpty() && System.nanoTime() < deadline; ) {
                Thread.sleep(20);
            }
        }

        assertThat(result).as(String.join("\n", log)).isInstanceOf(InvokeResult.RuntimeError.class);
        InvokeResult.RuntimeError error = (InvokeResult.RuntimeError) result;
        assertThat(error.phase()).isEqualTo(InvokeResult.Phase.INVOKE);
        assertThat(error.errorType()).isEqualTo("Runtime.UserException");
        JsonNode body = Json.MAPPER.readTree(error.body());
        assertThat(body.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(body.path("errorMessage").asText()).isEqualTo("bad order");
        assertThat(body.path("stackTrace").get(0).asText())
                .startsWith("dev.ordertotals.localrunner.testkit.ProbeHandler.handleRequest(");
        assertThat(log).as("the runtime logs it too").contains("bad order: java.lang.IllegalStateException");
    }

    private static LocalRuntimeApi start() {
        try {
            return LocalRuntimeApi.start(TIMEOUT, ARN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the next event as the runtime does; returns its request id. */
    private String next() throws Exception {
        return http.send(get("invocation/next"), HttpResponse.BodyHandlers.discarding())
                .headers()
                .firstValue("Lambda-Runtime-Aws-Request-Id")
                .orElseThrow();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private HttpResponse<String> post(String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + api.address() + LocalRuntimeApi.PREFIX + path);
    }
}
