package dev.ordertotals.localengine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The project's pinned CDK CLI ({@code npx --no-install cdk}, {@code package.json}) pointed at a local engine and
 * only there: every {@code AWS_*} variable of the caller is dropped (no profile, no session, no other endpoint), no
 * AWS config or credentials file is read, and the CLI gets the engine's endpoint and dummy credentials instead.
 *
 * <p>What a deploy against moto needs, each found by a deploy of this stack (moto.md "Lambda and CloudFormation"):
 * <ul>
 *   <li>{@code AWS_ENDPOINT_URL}: the CLI (AWS SDK for JavaScript v3) sends STS, CloudFormation, S3, IAM and SSM
 *       requests there.</li>
 *   <li>{@code AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION=http://localhost:PORT}: the CLI builds the template URL it
 *       hands CloudFormation from this endpoint; with an IP address for a host, moto reads the bucket name from
 *       the host and cannot find the template.</li>
 *   <li>{@link #DEPLOY_OPTIONS}: {@code --method=direct} (moto's change-set path stores no outputs and reports
 *       success after a failed execution), and the bootstrap version parameter by name on every deploy (moto
 *       resolves a kept value of an SSM-typed parameter as a parameter name, so an update fails without it).</li>
 * </ul>
 */
public final class LocalCdk {

    /** moto's account; {@code cdk bootstrap} takes the environment explicitly. */
    public static final String ACCOUNT = "123456789012";

    public static final String ENVIRONMENT = "aws://" + ACCOUNT + "/" + MotoServer.REGION;
    public static final List<String> DEPLOY_OPTIONS = List.of(
            "--method=direct",
            "--require-approval",
            "never",
            "--parameters",
            "BootstrapVersion=/cdk-bootstrap/hnb659fds/version");

    private final Path projectRoot;
    private final URI endpoint;
    private final Duration timeout;

    /** What one run printed and how it ended. */
    public record Result(List<String> arguments, int exitCode, String output, Duration took) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** This result, or an exception naming the command and ending with its output. */
        public Result orThrow() {
            if (!succeeded()) {
                throw new IllegalStateException(
                        "`cdk " + String.join(" ", arguments) + "` failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    public LocalCdk(Path projectRoot, URI endpoint, Duration timeout) {
        this.projectRoot = projectRoot;
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /** The environment the CLI runs in: the caller's, without any {@code AWS_*} variable, plus the engine's. */
    public Map<String, String> environment(Map<String, String> inherited) {
        Map<String, String> environment = new HashMap<>(inherited);
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        Path nowhere = projectRoot.resolve("no-aws-config-for-the-local-engine");
        environment.put("AWS_CONFIG_FILE", nowhere.toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", nowhere.toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
        environment.put("AWS_REGION", MotoServer.REGION);
        environment.put("AWS_DEFAULT_REGION", MotoServer.REGION);
        environment.put("AWS_ENDPOINT_URL", endpoint.toString());
        environment.put("AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION", "http://localhost:" + endpoint.getPort());
        environment.put("CDK_DISABLE_CLI_TELEMETRY", "true");
        // cdk.json's app builds with Maven, which needs this JDK (25+) rather than whatever is first on the PATH.
        environment.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        return environment;
    }

    /**
     * {@code cdk bootstrap} of moto's account and region. It runs outside the project, where there is no
     * {@code cdk.json}: given an app, the CLI synthesizes it first, which bootstrapping an explicit environment does
     * not need.
     */
    public Result bootstrap(Consumer<String> lines) {
        try {
            Path outside = Files.createTempDirectory("cdk-bootstrap-");
            try {
                return run(outside, List.of("bootstrap", ENVIRONMENT), lines);
            } finally {
                Files.deleteIfExists(outside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code cdk deploy} with {@link #DEPLOY_OPTIONS} and the given options ({@code --app}, {@code -c}, {@code -o}...). */
    public Result deploy(List<String> options, Consumer<String> lines) {
        List<String> arguments = new ArrayList<>(List.of("deploy"));
        arguments.addAll(DEPLOY_OPTIONS);
        arguments.addAll(options);
        return run(arguments, lines);
    }

    /**
     * Runs {@code npx --no-install cdk ARGUMENTS --no-notices} in the project root; each line of its output goes to
     * {@code lines} as it comes. Fails after the timeout, with the process (and its children) stopped.
     */
    public Result run(List<String> arguments, Consumer<String> lines) {
        return run(projectRoot, arguments, lines);
    }

    private Result run(Path directory, List<String> arguments, Consumer<String> lines) {
        if (!Files.isDirectory(projectRoot.resolve("node_modules/aws-cdk"))) {
            throw new IllegalStateException("The pinned CDK CLI is not installed: run `npm ci` in " + projectRoot);
        }
        List<String> all = new ArrayList<>(arguments);
        all.add("--no-notices");
        List<String> command =
                new ArrayList<>(List.of("npx", "--prefix", projectRoot.toString(), "--no-install", "cdk"));
        command.addAll(all);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> environment = environment(System.getenv());
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = null;
        try {
            process = builder.start();
            Process running = process;
            StringBuilder output = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        lines.accept(line);
                    }
                } catch (IOException ignored) {
                    // the process was stopped
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                reader.join(Duration.ofSeconds(5));
                throw new IllegalStateException("`cdk " + String.join(" ", all) + "` did not finish within "
                        + timeout.toSeconds() + " s; its output:\n" + output);
            }
            reader.join(Duration.ofSeconds(5));
            synchronized (output) {
                return new Result(
                        all, process.exitValue(), output.toString(), Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not run `npx cdk` (are Node.js and `npm ci` there?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during `cdk " + String.join(" ", all) + "`", e);
        }
    }

    /** npx runs node, which runs the app (a JVM): stop them all. */
    private static void stop(Process process) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
