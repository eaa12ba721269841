package dev.ordertotals.localengine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
     * Installs the requirements unless the venv already holds them. A marker file records which
     * requirements text was installed, so changing a pin reinstalls. Several processes may ask at once (the test
     * JVMs of a build, two local runs): a lock file beside the venv lets one install while the others wait, then
     * find the marker.
     */
    public synchronized PythonVenv ensureInstalled() {
        try {
            Path requirementsFile = projectRoot.resolve(requirements);
            String wanted = Files.readString(requirementsFile);
            Path marker = venv.resolve(".installed-requirements");
            if (installed(marker, wanted)) {
                return this;
            }
            Path lockFile = venv.resolveSibling(venv.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (!installed(marker, wanted)) {
                    install(requirementsFile, marker, wanted);
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Python venv at " + venv, e);
        }
    }

    private static boolean installed(Path marker, String wanted) throws IOException {
        return Files.exists(marker) && Files.readString(marker).equals(wanted);
    }

    private void install(Path requirementsFile, Path marker, String wanted) throws IOException {
        // Also over an existing venv: one whose creation was interrupted may lack pip, and venv adds what is missing.
        run(List.of(python(), "-m", "venv", venv.toString()));
        run(List.of(
                bin("python").toString(),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                // Byte-compiling every module of moto, botocore and checkov takes longer than the rest of the install;
                // Python compiles the few modules a run imports on first use instead.
                "--no-compile",
                "-r",
                requirementsFile.toString()));
        Files.writeString(marker, wanted);
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
