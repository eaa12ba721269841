package dev.ordertotals.localengine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The moto server on 127.0.0.1 and a free port: the local stand-in for DynamoDB, DynamoDB Streams and SQS.
 *
 * <p>It runs from the project's own virtualenv ({@code .venv}), created from {@code requirements-dev.txt}
 * on first use, so tests and the local runner use the same pinned moto on every machine.
 */
public final class MotoServer implements AutoCloseable {

    /** Credentials and region moto accepts; stream records carry us-east-1 whatever the client says. */
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** One server per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start(ProjectPaths.root());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "moto-server-stop"));
        }
        return shared;
    }

    /** Starts a new server, installing the venv first if it is missing. */
    public static MotoServer start(Path projectRoot) {
        Path motoServer = PythonVenv.at(projectRoot).ensureInstalled().bin("moto_server");
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-server-", ".log");
            Process process = new ProcessBuilder(List.of(motoServer.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + motoServer, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Wipes every table, stream and queue: moto's own reset endpoint. */
    public void reset() {
        post("/moto-api/reset");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto server exited at start-up:\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("moto server did not answer within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
    }

    private void post(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setRequestMethod("POST");
            int status = connection.getResponseCode();
            if (status >= 300) {
                throw new IllegalStateException("POST " + path + " answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }
}
