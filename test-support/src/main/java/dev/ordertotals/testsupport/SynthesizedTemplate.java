package dev.ordertotals.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.localengine.Json;
import dev.ordertotals.localengine.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipOutputStream;

/**
 * The stack's real template, synthesized once per test JVM as {@code cdk synth} does it: the app's main class
 * in its own JVM, from the project root, with cdk.json's context in {@code CDK_CONTEXT_JSON} and the output
 * folder in {@code CDK_OUTDIR} (what the CDK CLI passes an app). No second description of the stack in tests.
 */
public final class SynthesizedTemplate {

    private static final String APP = "dev.ordertotals.infra.OrderTotalsApp";
    private static Path template;

    private SynthesizedTemplate() {}

    public static synchronized Path path() {
        if (template == null) {
            template = cached();
        }
        return template;
    }

    /**
     * The template synthesized with context {@code aggregations} set to the declarations in {@code file} (a JSON list,
     * as cdk.json holds it), as {@code scripts/local --aggregations} synthesizes it. Not cached: each call
     * synthesizes.
     */
    public static Path withAggregations(Path file) {
        try {
            return synthesize(Map.of("aggregations", Json.MAPPER.readTree(file.toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The template from the build's cache when another test JVM of this build has synthesized it already (a build
     * runs a dozen test JVMs, two per module, and a synthesis costs a JVM and a jsii runtime), else synthesized and
     * put there. The cache folder is the build's own ({@code synth.cache}, named by the build's start time: nothing
     * survives into the next build, whatever changed), and its entries are keyed by the function jar the template
     * packages. Without {@code synth.cache} (a test run from an IDE) each JVM synthesizes its own.
     */
    private static Path cached() {
        String cacheFolder = System.getProperty("synth.cache", "");
        if (cacheFolder.isBlank()) {
            return synthesize();
        }
        try {
            Path cache = Files.createDirectories(Path.of(cacheFolder));
            Path jar = ProjectPaths.root().resolve(FunctionArtifact.JAR);
            String key = Files.isRegularFile(jar)
                    ? "jar-" + Files.size(jar) + "-"
                            + Files.getLastModifiedTime(jar).toMillis()
                    : "stand-in";
            // The entry names the template where it was synthesized, beside its assets (the local runner finds the
            // function jar there).
            Path entry = cache.resolve(key + ".path");
            try (FileChannel channel = FileChannel.open(
                            cache.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (Files.isRegularFile(entry)) {
                    Path synthesized = Path.of(Files.readString(entry));
                    if (Files.isRegularFile(synthesized)) {
                        return synthesized;
                    }
                }
                Path synthesized = synthesize();
                Files.writeString(entry, synthesized.toString());
                return synthesized;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode cdkJsonContext() {
        try {
            return Json.MAPPER
                    .readTree(ProjectPaths.root().resolve("cdk.json").toFile())
                    .path("context");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The function jar the template packages: the built one, or, before the function module is packaged (its own
     * tests run first), an empty stand-in. The tables, queue and mapping do not depend on the jar's content.
     */
    private static Path functionJar() throws IOException {
        Path built = ProjectPaths.root().resolve(FunctionArtifact.JAR);
        if (Files.isRegularFile(built)) {
            return built;
        }
        Path standIn = Files.createTempFile("function-stand-in-", ".jar");
        try (var zip = new ZipOutputStream(Files.newOutputStream(standIn))) {
            zip.setComment("stand-in: the function jar is not built yet");
        }
        return standIn;
    }

    private static Path synthesize() {
        return synthesize(Map.of());
    }

    private static Path synthesize(Map<String, JsonNode> extraContext) {
        try {
            Path root = ProjectPaths.root();
            Path outdir = Files.createTempDirectory("order-totals-synth-");
            Path log = outdir.resolve("synth.log");
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder builder = new ProcessBuilder(
                            List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", classPath, APP))
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("CDK_OUTDIR", outdir.toString());
            // As the CLI does: cdk.json's context plus the metadata flags that record each asset's path.
            ObjectNode context = ((ObjectNode) cdkJsonContext()).deepCopy();
            context.put("aws:cdk:enable-path-metadata", true);
            context.put("aws:cdk:enable-asset-metadata", true);
            context.put("functionJar", functionJar().toString());
            extraContext.forEach(context::set);
            builder.environment().put("CDK_CONTEXT_JSON", Json.MAPPER.writeValueAsString(context));
            builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("synthesizing the stack failed:\n" + Files.readString(log));
            }
            try (var files = Files.list(outdir)) {
                return files.filter(file -> file.getFileName().toString().endsWith(".template.json"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no template in " + outdir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
