package dev.ordertotals.localrunner.emulator;

import dev.ordertotals.localengine.eventsource.LambdaFunction;
import dev.ordertotals.localengine.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The function running as Lambda runs it: in its own JVM (same java binary as this one), with exactly the
 * environment the template gives it, the handler loaded from the function jar, invoked one event at a time.
 * A separate process is the only way to give the handler its own {@code System.getenv()}.
 *
 * <p>Like a Lambda sandbox, the JVM is started on the first invocation and replaced after a timeout or crash.
 */
public final class ChildJvmFunction implements LambdaFunction {

    private static final String OK = "OK ";
    private static final String ERR = "ERR ";

    /**
     * @param functionJar the deployment jar (the template's asset, or the function module's shaded jar)
     * @param handler the template's {@code Handler}
     * @param environment the function's environment, complete (the child inherits nothing else)
     * @param timeout the template's {@code Timeout}
     */
    public record Config(Path functionJar, String handler, Map<String, String> environment, Duration timeout, int memoryMb, String functionName) {
    }

    private final Config config;
    private final Consumer<String> log;
    /** Volatile: {@link #close()} stops the process without waiting for an invocation in progress to return. */
    private volatile Process process;
    private OutputStream stdin;
    private BlockingQueue<String> responses;

    /** @param log receives every line the function logs */
    public ChildJvmFunction(Config config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    @Override
    public synchronized Invocation invoke(String eventJson) {
        try {
            ensureStarted();
            stdin.write((eventJson.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            // The child enforces nothing itself: like the Lambda service, we cut it off at the timeout.
            String line = responses.poll(config.timeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
            if (line == null) {
                stop();
                return new Invocation.Error("Sandbox.Timedout", "Task timed out after " + config.timeout().toSeconds() + " seconds");
            }
            if (line.startsWith(OK)) {
                return new Invocation.Response(line.substring(OK.length()));
            }
            if (line.startsWith(ERR)) {
                return errorFrom(line.substring(ERR.length()));
            }
            stop();
            return new Invocation.Error("Runtime.ExitError", "the function's runtime exited (" + line + ")");
        } catch (IOException e) {
            stop();
            return new Invocation.Error("Runtime.ExitError", "the function's runtime is gone: " + e.getMessage());
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
        Process running = process;
        if (running != null) {
            running.destroy();
            try {
                if (!running.waitFor(3, TimeUnit.SECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx" + config.memoryMb() + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(LambdaRuntimeBundle.classPath().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(LambdaRuntimeBundle.MAIN_CLASS);
        command.add(config.functionJar().toAbsolutePath().toString());
        command.add(config.handler());
        command.add(Long.toString(config.timeout().toMillis()));
        command.add(config.functionName());
        command.add(Integer.toString(config.memoryMb()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(config.environment());
        process = builder.start();
        stdin = process.getOutputStream();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        responses = queue;
        Process started = process;
        Thread.ofPlatform().daemon().name("function-stdout").start(() -> pump(started, new BufferedReader(
                new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8)), queue::add, true));
        Thread.ofPlatform().daemon().name("function-log").start(() -> pump(started, new BufferedReader(
                new InputStreamReader(started.getErrorStream(), StandardCharsets.UTF_8)), log, false));
    }

    private static void pump(Process process, BufferedReader reader, Consumer<String> sink, boolean signalEnd) {
        try (reader) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sink.accept(line);
            }
        } catch (IOException ignored) {
            // the process was stopped
        }
        if (signalEnd) {
            sink.accept("exit code " + waitFor(process));
        }
    }

    private static String waitFor(Process process) {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static Invocation.Error errorFrom(String json) {
        try {
            var node = Json.MAPPER.readTree(json);
            return new Invocation.Error(node.path("errorType").asText("Unhandled"), node.path("errorMessage").asText(""));
        } catch (IOException e) {
            return new Invocation.Error("Unhandled", json);
        }
    }
}
