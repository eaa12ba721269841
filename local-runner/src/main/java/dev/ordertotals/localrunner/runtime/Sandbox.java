package dev.ordertotals.localrunner.runtime;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One Lambda execution environment: the function's code extracted into a task root of its own, a Runtime API
 * for it, and Lambda's Java runtime interface client in a JVM of its own (the same java binary as this one),
 * which loads the handler from the task root and asks that API for events. Everything the runtime and the
 * function print reaches the log, line by line.
 */
public final class Sandbox implements AutoCloseable {

    /** The descriptor the runtime writes its framed log to: the child's stderr pipe, moved there by the launching shell. */
    static final int TELEMETRY_FD = 3;
    /**
     * Runs the JVM with stdout and stderr both on the stdout pipe (the function's prints, the JVM's own messages)
     * and the stderr pipe as descriptor 3 (the runtime's framed log alone). {@code exec}: the process is the JVM.
     */
    private static final String LAUNCHER = "exec \"$0\" \"$@\" " + TELEMETRY_FD + ">&2 2>&1";

    /**
     * The function as Lambda's configuration describes it.
     *
     * @param deploymentPackage the jar Lambda extracts into the task root
     * @param environment the function's variables, complete (the runtime inherits nothing else)
     */
    public record Function(
            Path deploymentPackage,
            String handler,
            Map<String, String> environment,
            Duration timeout,
            int memoryMb,
            String name) {}

    private final Function function;
    private final TaskRoot taskRoot;
    private final LocalRuntimeApi api;
    private final Process process;
    /** Guarded by this: {@link #close()} runs once. */
    private boolean closed;

    private Sandbox(Function function, TaskRoot taskRoot, LocalRuntimeApi api, Process process) {
        this.function = function;
        this.taskRoot = taskRoot;
        this.api = api;
        this.process = process;
    }

    /** Extracts the code, starts the Runtime API and the runtime's JVM (which then loads the handler: the init phase). */
    public static Sandbox start(Function function, Consumer<String> log) throws IOException {
        LambdaRuntimeBundle runtime = LambdaRuntimeBundle.get();
        TaskRoot taskRoot = TaskRoot.extract(function.deploymentPackage());
        LocalRuntimeApi api = null;
        try {
            String region = function.environment().getOrDefault("AWS_REGION", "us-east-1");
            api = LocalRuntimeApi.start(
                    function.timeout(), "arn:aws:lambda:" + region + ":123456789012:function:" + function.name());
            ProcessBuilder builder = new ProcessBuilder(command(function, runtime))
                    .directory(taskRoot.directory().toFile());
            builder.environment().clear();
            builder.environment().putAll(LambdaEnvironment.of(function, api.address(), taskRoot, runtime));
            Process process = builder.start();
            Thread.ofPlatform().daemon().name("function-output").start(() -> forwardLines(process, log));
            Thread.ofPlatform()
                    .daemon()
                    .name("function-log")
                    .start(() -> TelemetryLog.forward(process.getErrorStream(), log));
            return new Sandbox(function, taskRoot, api, process);
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close();
            }
            taskRoot.close();
            throw e;
        }
    }

    /**
     * Hands the event to the runtime and waits for its answer, as the Lambda service does: until the runtime takes
     * the event (the JVM starting and the handler loading, on the first one), then until the event's deadline.
     * Each may last the function's timeout, as on Lambda when it re-runs a slow init with the first invocation.
     */
    public InvokeResult invoke(String event) throws InterruptedException {
        LocalRuntimeApi.Invocation invocation = api.submit(event);
        CompletableFuture<InvokeResult> exited =
                process.onExit().thenApply(ended -> new InvokeResult.Exited(ended.exitValue()));
        awaitAny(function.timeout(), invocation.deadline(), invocation.result(), exited);
        if (invocation.deadline().isDone() && !invocation.result().isDone()) {
            awaitAny(Duration.between(Instant.now(), invocation.deadline().join()), invocation.result(), exited);
        }
        if (invocation.result().isDone()) {
            return invocation.result().join();
        }
        return exited.isDone() ? exited.join() : new InvokeResult.TimedOut(function.timeout());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the runtime's JVM now, even in the middle of an invocation, and removes the task root. Synchronized and
     * idempotent: a shutdown and the invocation it interrupts both close the sandbox, and neither may return while
     * the other is still removing the task root.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        api.close();
        taskRoot.close();
    }

    private static List<String> command(Function function, LambdaRuntimeBundle runtime) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", LAUNCHER));
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx" + function.memoryMb() + "m");
        command.add("-XX:+UseSerialGC");
        // The runtime opens _LAMBDA_TELEMETRY_LOG_FD through FileDescriptor's private constructor; without this it
        // falls back to stdout silently.
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        // The runtime loads its JNI client with System.load: without this the JDK warns about it in every sandbox's
        // log.
        command.add("--enable-native-access=ALL-UNNAMED");
        runtime.nativeClient()
                .ifPresent(library -> command.add("-D" + LambdaRuntimeBundle.NATIVE_CLIENT_PROPERTY + "=" + library));
        command.add("-cp");
        command.add(runtime.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(LambdaRuntimeBundle.MAIN_CLASS);
        command.add(function.handler());
        return command;
    }

    private static void forwardLines(Process process, Consumer<String> log) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(log);
        } catch (IOException | UncheckedIOException ignored) {
            // the process was stopped
        }
    }

    private static void awaitAny(Duration limit, CompletableFuture<?>... futures) throws InterruptedException {
        try {
            CompletableFuture.anyOf(futures).get(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller looks at which future is done
        }
    }
}
