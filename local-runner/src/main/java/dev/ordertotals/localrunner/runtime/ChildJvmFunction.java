package dev.ordertotals.localrunner.runtime;

import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.eventsource.LambdaFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The function running as Lambda runs it: under Lambda's own Java runtime interface client, in a JVM of its own
 * with exactly the environment the template gives it plus what Lambda sets, the handler loaded from the function
 * jar extracted into a task root, invoked one event at a time through a local Runtime API (see {@link Sandbox}).
 * A separate process is the only way to give the handler its own {@code System.getenv()}.
 *
 * <p>Like a Lambda sandbox, the JVM is started on the first invocation and replaced after a timeout, a crash or a
 * failed init.
 */
public final class ChildJvmFunction implements LambdaFunction {

    /**
     * @param functionJar the deployment jar (the template's asset, or the function module's shaded jar)
     * @param handler the template's {@code Handler}
     * @param environment the function's environment, complete (the child inherits nothing else)
     * @param timeout the template's {@code Timeout}
     */
    public record Config(
            Path functionJar,
            String handler,
            Map<String, String> environment,
            Duration timeout,
            int memoryMb,
            String functionName) {

        Sandbox.Function function() {
            return new Sandbox.Function(functionJar, handler, environment, timeout, memoryMb, functionName);
        }
    }

    private final Config config;
    private final Consumer<String> log;
    /** Volatile: {@link #close()} stops the sandbox without waiting for an invocation in progress to return. */
    private volatile Sandbox sandbox;

    /** @param log receives every line the function and its runtime log */
    public ChildJvmFunction(Config config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    @Override
    public synchronized Invocation invoke(String eventJson) {
        try {
            InvokeResult result = started().invoke(eventJson);
            return switch (result) {
                case InvokeResult.Response(String payload) -> new Invocation.Response(payload);
                case InvokeResult.RuntimeError error
                when error.phase() == InvokeResult.Phase.INIT -> {
                    // The runtime exits after reporting it; the next invocation starts a new sandbox and tries again.
                    log.accept("INIT_ERROR " + error.errorType() + " " + error.body());
                    stop();
                    yield errorOf(error);
                }
                case InvokeResult.RuntimeError error -> errorOf(error);
                case InvokeResult.TimedOut(Duration timeout) -> {
                    stop();
                    yield new Invocation.Error(
                            "Sandbox.Timedout", "Task timed out after " + timeout.toSeconds() + " seconds");
                }
                case InvokeResult.Exited(int exitCode) -> {
                    stop();
                    yield new Invocation.Error(
                            "Runtime.ExitError", "Runtime exited with error: exit status " + exitCode);
                }
            };
        } catch (IOException e) {
            stop();
            return new Invocation.Error(
                    "Runtime.ExitError", "the function's runtime could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return new Invocation.Error("Runtime.Interrupted", "interrupted");
        }
    }

    /**
     * Stops the function's JVM now, even in the middle of an invocation (which then returns an error): not
     * synchronized, so a shutdown on Ctrl-C does not wait for the invocation's timeout.
     */
    @Override
    public void close() {
        Sandbox running = sandbox;
        if (running != null) {
            running.close();
        }
    }

    private Sandbox started() throws IOException {
        if (sandbox == null || !sandbox.isAlive()) {
            stop();
            sandbox = Sandbox.start(config.function(), log);
        }
        return sandbox;
    }

    private void stop() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    /** The runtime's error JSON read as Lambda reports it: its {@code errorType} and {@code errorMessage}. */
    private static Invocation.Error errorOf(InvokeResult.RuntimeError error) {
        try {
            var body = Json.MAPPER.readTree(error.body());
            return new Invocation.Error(
                    body.path("errorType").asText(error.errorType()),
                    body.path("errorMessage").asText(error.body()));
        } catch (IOException e) {
            return new Invocation.Error(error.errorType(), error.body());
        }
    }
}
