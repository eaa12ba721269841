package dev.ordertotals.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A DynamoDB endpoint that takes the engine out of the measurement: it answers every request at once with success
 * and an empty result ({@code {}}), which is all the function's happy path (TransactWriteItems) and the source's
 * handler (UpdateItem) read back. Both sides are measured against it in one run, so what remains is each one's own
 * cost: building, signing and sending requests, reading answers, and the aggregation itself.
 *
 * <pre>NullEngine PORT_FILE</pre> writes the port it listens on (loopback) to PORT_FILE and serves until killed.
 */
public final class NullEngine {

    private static final byte[] EMPTY_RESULT = "{}".getBytes(StandardCharsets.UTF_8);

    private NullEngine() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "null-engine");
            exchange.sendResponseHeaders(200, EMPTY_RESULT.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(EMPTY_RESULT);
            }
        });
        // One thread per connection at most a few: the function keeps one connection, boto3 a pool of ten.
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        Files.writeString(Path.of(args[0]), String.valueOf(server.getAddress().getPort()));
    }
}
