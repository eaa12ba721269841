package dev.ordertotals.localrunner.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ordertotals.localengine.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Lambda's Runtime API (version 2018-06-01) that the Java runtime interface client calls, served on
 * 127.0.0.1 for one execution environment: {@code invocation/next} hands out queued events one at a time,
 * {@code invocation/{id}/response} and {@code invocation/{id}/error} complete them, {@code init/error} fails
 * them all when the handler cannot be loaded.
 */
public final class LocalRuntimeApi implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    private static final Pattern RESULT = Pattern.compile("invocation/([^/]+)/(response|error)");
    private static final String ACCEPTED = "{\"status\":\"OK\"}";

    /**
     * One event on its way through the runtime.
     *
     * @param deadline completed when the runtime takes the event: now plus the function's timeout
     * @param result completed by the runtime's answer
     */
    public record Invocation(
            String requestId,
            String event,
            CompletableFuture<Instant> deadline,
            CompletableFuture<InvokeResult> result) {}

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Duration timeout;
    private final String functionArn;
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> taken = new ConcurrentHashMap<>();
    /** Set once by {@code init/error}: every invocation, queued or to come, ends with it. */
    private InvokeResult.RuntimeError initError;

    private LocalRuntimeApi(HttpServer server, ExecutorService handlers, Duration timeout, String functionArn) {
        this.server = server;
        this.handlers = handlers;
        this.timeout = timeout;
        this.functionArn = functionArn;
    }

    /** Listens on 127.0.0.1 and a free port; events get the deadline {@code timeout} after the runtime takes them. */
    public static LocalRuntimeApi start(Duration timeout, String functionArn) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // invocation/next blocks until an event comes: each exchange needs its own thread, not the server's one.
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        LocalRuntimeApi api = new LocalRuntimeApi(server, handlers, timeout, functionArn);
        server.createContext(PREFIX, api::route);
        server.start();
        return api;
    }

    /** What {@code AWS_LAMBDA_RUNTIME_API} holds: host and port. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event for the runtime's next {@code invocation/next}. */
    public synchronized Invocation submit(String event) {
        Invocation invocation = new Invocation(
                UUID.randomUUID().toString(), event, new CompletableFuture<>(), new CompletableFuture<>());
        if (initError != null) {
            invocation.result().complete(initError);
        } else {
            queued.add(invocation);
        }
        return invocation;
    }

    /** Stops listening; a runtime still waiting on {@code invocation/next} gets no answer. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            Matcher result = RESULT.matcher(path);
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError(exchange);
            } else if (method.equals("POST") && result.matches()) {
                result(exchange, result.group(1), result.group(2).equals("response"));
            } else {
                send(exchange, 404, error("UnknownEndpoint", "no such endpoint: " + method + " " + PREFIX + path));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = queued.take();
        } catch (InterruptedException e) {
            return; // closed: the runtime is being stopped
        }
        Instant deadline = Instant.now().plus(timeout).truncatedTo(ChronoUnit.MILLIS);
        taken.put(invocation.requestId(), invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline.toEpochMilli()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        invocation.deadline().complete(deadline);
        send(exchange, 200, invocation.event());
    }

    private void result(HttpExchange exchange, String requestId, boolean response) throws IOException {
        Invocation invocation = taken.remove(requestId);
        if (invocation == null) {
            send(exchange, 400, error("InvalidRequestID", "no invocation in progress has the request id " + requestId));
            return;
        }
        String body = body(exchange);
        invocation
                .result()
                .complete(
                        response
                                ? new InvokeResult.Response(body)
                                : new InvokeResult.RuntimeError(InvokeResult.Phase.INVOKE, errorType(exchange), body));
        send(exchange, 202, ACCEPTED);
    }

    private void initError(HttpExchange exchange) throws IOException {
        InvokeResult.RuntimeError error =
                new InvokeResult.RuntimeError(InvokeResult.Phase.INIT, errorType(exchange), body(exchange));
        List<Invocation> failed = new ArrayList<>();
        synchronized (this) {
            initError = error;
            queued.drainTo(failed);
        }
        failed.forEach(invocation -> invocation.result().complete(error));
        send(exchange, 202, ACCEPTED);
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER);
        return type == null ? "Unhandled" : type;
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String error(String type, String message) {
        return Json.MAPPER
                .createObjectNode()
                .put("errorType", type)
                .put("errorMessage", message)
                .toString();
    }

    /** An X-Ray trace header as Lambda passes one: a root id from the time and 96 random bits, not sampled. */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-" + hex.toHexDigits(random.nextInt())
                + hex.toHexDigits(random.nextLong()) + ";Parent=" + hex.toHexDigits(random.nextLong()) + ";Sampled=0";
    }
}
