package dev.ordertotals.localrunner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.testsupport.SynthesizedTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stopping {@code local} in the middle of a busy run (Ctrl-C or a {@code kill}) leaves nothing running: the
 * function's JVM and the engine it started are gone within a few seconds.
 */
class LocalCommandShutdownTest {

    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(10);

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalInTheMiddleOfABusyRunStopsTheFunctionAndTheEngine(String signal) throws Exception {
        Process local = startBusyRun();
        List<ProcessHandle> children = awaitEngineAndFunction(local);

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
    }

    /** The local command in its own JVM, with its own engine, writing enough orders to be busy for a while. */
    private static Process startBusyRun() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
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
}
