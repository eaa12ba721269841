package dev.ordertotals.localrunner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.localengine.PythonVenv;
import dev.ordertotals.testsupport.SynthesizedTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stopping {@code local} in the middle of a busy run (Ctrl-C or a {@code kill}) leaves nothing running: the
 * function's JVM and the engine it started are gone within a few seconds.
 *
 * <p>The signal must be deliverable to the command's JVM, as Ctrl-C's is in a terminal. A signal ignored by a process
 * stays ignored in what it starts (across fork and exec), and the JVM then leaves it ignored: a non-interactive shell
 * ignores SIGINT for its background jobs, so under {@code ./mvnw verify &} in a script, Maven, surefire's JVM and the
 * command would all ignore it, and {@code kill -INT} would prove nothing. The command is therefore started through a
 * launcher that resets SIGINT and SIGTERM to their default actions before it execs java (a shell cannot: a
 * non-interactive shell may not reset a signal ignored on entry, so {@code trap - INT} is a no-op there; nor can
 * {@code setsid}, which starts a new session but keeps the dispositions). Where {@code /proc} still shows the signal
 * ignored by the command's JVM, the test is aborted, saying why, rather than failed.
 */
class LocalCommandShutdownTest {

    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(10);

    /** The numbers of the signals sent (the same on every POSIX system), for the {@code SigIgn} mask in /proc. */
    private static final Map<String, Integer> SIGNAL_NUMBERS = Map.of("INT", 2, "TERM", 15);

    /**
     * Resets the signals the test sends to their default actions, then execs its arguments (pid, stdin and stdout
     * stay). Also SIGPIPE and SIGXFSZ, which Python ignores at its own start-up and exec would pass on.
     */
    private static final String DEFAULT_SIGNALS_THEN_EXEC = String.join(
            "; ",
            "import os, signal, sys",
            "[signal.signal(s, signal.SIG_DFL) for s in"
                    + " (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGXFSZ)]",
            "os.execv(sys.argv[1], sys.argv[1:])");

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalInTheMiddleOfABusyRunStopsTheFunctionAndTheEngine(String signal) throws Exception {
        Process local = startBusyRun();
        List<ProcessHandle> started = new ArrayList<>(List.of(local.toHandle()));
        try {
            List<ProcessHandle> children = awaitEngineAndFunction(local);
            started.addAll(children);
            assumeFalse(
                    ignores(local.toHandle(), signal).orElse(false),
                    "SIG" + signal + " is ignored by the local command's JVM (inherited from the process that started"
                            + " this test, and not reset by the launcher), so kill -" + signal + " cannot reach it");

            new ProcessBuilder("kill", "-" + signal, Long.toString(local.pid()))
                    .start()
                    .waitFor();

            assertThat(local.waitFor(STOPPED_WITHIN.toSeconds(), TimeUnit.SECONDS))
                    .as("the local command exits")
                    .isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(STOPPED_WITHIN.toSeconds(), TimeUnit.SECONDS);
                assertThat(child.isAlive())
                        .as("%s is stopped", child.info().command().orElse("child"))
                        .isFalse();
            }
        } finally {
            // Whatever an assertion or an abort left running: only the processes this test started.
            local.descendants().forEach(started::add);
            started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * The local command in its own JVM, with its own engine, writing enough orders to be busy for a while; started
     * through the project venv's Python, which resets the signals to their defaults and execs java in its place.
     */
    private static Process startBusyRun() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path python = PythonVenv.at(ProjectPaths.root()).ensureInstalled().bin("python");
        Process process = new ProcessBuilder(
                        python.toString(),
                        "-c",
                        DEFAULT_SIGNALS_THEN_EXEC,
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dproject.root=" + ProjectPaths.root(),
                        "dev.ordertotals.localrunner.LocalRunnerCli",
                        "local",
                        "--template=" + SynthesizedTemplate.path(),
                        "--orders=20000",
                        "--seed=3")
                .redirectErrorStream(true)
                .start();
        // Keep reading its output so it never blocks on a full pipe.
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                while (reader.readLine() != null) {
                    // discarded
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        return process;
    }

    /** Waits until the run has started both the engine (python) and the function (a second JVM), and works. */
    private static List<ProcessHandle> awaitEngineAndFunction(Process local) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(local.isAlive()).as("the local command is still running").isTrue();
            List<ProcessHandle> children = local.toHandle().children().toList();
            boolean engine = children.stream().anyMatch(child -> command(child).contains("python"));
            boolean function =
                    children.stream().anyMatch(child -> command(child).endsWith("java"));
            if (engine && function) {
                Thread.sleep(2_000); // in the thick of it: orders being written, batches being committed
                return local.toHandle().children().toList();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the local command did not start the engine and the function within 90 s");
    }

    private static String command(ProcessHandle process) {
        return process.info().command().orElse("");
    }

    /** Whether the process ignores the signal, from its SigIgn mask in /proc; empty where there is no /proc. */
    private static Optional<Boolean> ignores(ProcessHandle process, String signal) throws IOException {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        if (!Files.isReadable(status)) {
            return Optional.empty();
        }
        long bit = 1L << (SIGNAL_NUMBERS.get(signal) - 1);
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                String mask = line.substring("SigIgn:".length()).trim();
                long ignored = Long.parseUnsignedLong(mask, 16);
                return Optional.of((ignored & bit) != 0);
            }
        }
        return Optional.empty();
    }
}
