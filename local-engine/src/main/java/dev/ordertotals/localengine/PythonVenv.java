package dev.ordertotals.localengine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A project-local Python virtualenv, installed from a requirements file of the project: {@code .venv} holds the
 * pinned moto server and cfn-lint ({@code requirements-dev.txt}), {@code .venv-checkov} the pinned checkov
 * ({@code requirements-checkov.txt}). Created on first use so a fresh clone needs no manual install step.
 */
public final class PythonVenv {

    private final Path projectRoot;
    private final Path venv;
    private final String requirements;

    private PythonVenv(Path projectRoot, String directory, String requirements) {
        this.projectRoot = projectRoot;
        this.venv = projectRoot.resolve(directory);
        this.requirements = requirements;
    }

    /** The local engine's venv ({@code .venv}): moto and cfn-lint, from {@code requirements-dev.txt}. */
    public static PythonVenv at(Path projectRoot) {
        return new PythonVenv(projectRoot, ".venv", "requirements-dev.txt");
    }

    /**
     * checkov's own venv ({@code .venv-checkov}, from {@code requirements-checkov.txt}), apart from the engine's:
     * checkov pins {@code boto3} exactly, and installed beside moto it would pull {@code botocore} back to that
     * release, whose service models moto routes and serializes every response with. The engine's behaviour would
     * then follow the scanner's pin.
     */
    public static PythonVenv checkov(Path projectRoot) {
        return new PythonVenv(projectRoot, ".venv-checkov", "requirements-checkov.txt");
    }

    public Path bin(String executable) {
        return venv.resolve("bin").resolve(executable);
    }

    /** Writes a file of ours into the venv (replacing an older copy) and returns its path. */
    public Path install(String fileName, InputStream content) throws IOException {
        if (content == null) {
            throw new IllegalStateException(fileName + " is missing from the classpath");
        }
        Path target = venv.resolve(fileName);
        try (content) {
            Path temporary = Files.createTempFile(venv, fileName, ".tmp");
            Files.copy(content, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    /**
     * Installs the requirements unless the venv already holds them: {@code scripts/python-venv} does it, the one
     * installer (scripts/test runs it too, in the background). It takes a lock file beside the venv, so several
     * processes may ask at once (the test JVMs of a build, two local runs), and records which requirements text was
     * installed in a marker file, so changing a pin reinstalls; the marker is checked here first, without starting
     * Python.
     */
    public synchronized PythonVenv ensureInstalled() {
        try {
            String wanted = Files.readString(projectRoot.resolve(requirements));
            Path marker = venv.resolve(".installed-requirements");
            if (!Files.exists(marker) || !Files.readString(marker).equals(wanted)) {
                run(List.of(
                        python(),
                        projectRoot.resolve("scripts/python-venv").toString(),
                        venv.getFileName().toString(),
                        requirements));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Python venv at " + venv, e);
        }
    }

    private static String python() {
        String configured = System.getenv("PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    private void run(List<String> command) throws IOException {
        Path log = Files.createTempFile("venv-install-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("`" + String.join(" ", command)
                        + "` failed (Python 3 with venv and pip is required):\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + requirements, e);
        }
    }
}
