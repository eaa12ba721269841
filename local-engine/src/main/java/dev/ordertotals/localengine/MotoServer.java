package dev.ordertotals.localengine;

import dev.ordertotals.contract.LocalEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The local engine on 127.0.0.1 and a free port: the pinned moto server, the stand-in for DynamoDB, DynamoDB
 * Streams and SQS (and CloudFormation, Lambda, IAM, CloudWatch and S3 for {@code cdk deploy}), started through our
 * launcher {@code local_engine.py} (a resource next to this class), which makes moto handle one request at a time,
 * keep transactions cheap and atomic, refuse what DynamoDB refuses (its per-request limits, with its
 * {@code ValidationException} and message), and deploy the stack's aliases, versions, alarms and queue policy. Read
 * its docstring for each patch and why AWS behaves that way.
 *
 * <p>It runs from the project's own virtualenv ({@code .venv}), created from {@code requirements-dev.txt}
 * on first use, so tests and the local runner use the same pinned moto on every machine. The engine exits by
 * itself when the JVM that started it is gone, however it went (even {@code kill -9}).
 */
public final class MotoServer implements AutoCloseable {

    /** Credentials and region moto accepts; stream records carry us-east-1 whatever the client says. */
    public static final String REGION = LocalEndpoint.REGION;

    public static final String ACCESS_KEY = LocalEndpoint.ACCESS_KEY;
    public static final String SECRET_KEY = LocalEndpoint.SECRET_KEY;

    /** Our launcher for moto: a classpath resource, copied into the venv at each start. */
    public static final String LAUNCHER = "local_engine.py";

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

    /** Starts a new server with every patch, installing the venv first if it is missing. */
    public static MotoServer start(Path projectRoot) {
        return start(projectRoot, Set.of());
    }

    /**
     * Starts a new server without some of the launcher's patches (named in its docstring, e.g. {@code serial},
     * {@code cfn-alias}): only for the tests that show what each patch is for.
     */
    public static MotoServer start(Path projectRoot, Set<String> withoutPatches) {
        return start(projectRoot, withoutPatches, List.of());
    }

    /**
     * Starts a new server made slow on purpose: every {@code TransactWriteItems} takes {@code perAction} for each of
     * its actions before it runs, so a large transaction outlasts a client's timeout (tests of what the function does
     * when a transaction is slower than its attempt timeout, as on a loaded engine).
     */
    public static MotoServer startSlow(Path projectRoot, Duration perAction) {
        return start(projectRoot, Set.of(), List.of("--transaction-delay-per-action=" + perAction.toMillis() / 1000.0));
    }

    private static MotoServer start(Path projectRoot, Set<String> withoutPatches, List<String> engineOptions) {
        PythonVenv venv = PythonVenv.at(projectRoot).ensureInstalled();
        int port = freePort();
        try {
            Path launcher = venv.install(LAUNCHER, MotoServer.class.getResourceAsStream(LAUNCHER));
            List<String> command = new ArrayList<>(List.of(
                    venv.bin("python").toString(),
                    launcher.toString(),
                    "--parent-pid",
                    Long.toString(ProcessHandle.current().pid()),
                    "-H",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port)));
            if (!withoutPatches.isEmpty()) {
                command.add("--without=" + String.join(",", withoutPatches));
            }
            command.addAll(engineOptions);
            Path log = Files.createTempFile("moto-server-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local engine (" + LAUNCHER + ")", e);
        }
    }

    /** The engine's process: tests check it is gone after the local runner is stopped. */
    public ProcessHandle process() {
        return process.toHandle();
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
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
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
                HttpURLConnection connection = (HttpURLConnection)
                        endpoint.resolve("/moto-api/").toURL().openConnection();
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
        throw new IllegalStateException(
                "moto server did not answer within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
    }

    private void post(String path) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
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
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
