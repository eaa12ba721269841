package dev.ordertotals.localengine.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordertotals.contract.FunctionArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds the synthesized template in {@code cdk.out}, synthesizing it first (through the project's pinned CDK
 * CLI, as a user would) when it is missing or older than what it is made from.
 */
public final class TemplateFile {

    /** What the template is synthesized from: the stack's code, the function jar it packages, the context. */
    private static final List<String> SOURCES = List.of(
            "cdk.json",
            "pom.xml",
            "infra/pom.xml",
            "infra/src/main",
            "contract/src/main",
            "function/pom.xml",
            FunctionArtifact.JAR);

    private TemplateFile() {}

    public static Path synthesizedIfNeeded(Path projectRoot, Consumer<String> status) {
        Path cdkOut = projectRoot.resolve("cdk.out");
        Path template = find(cdkOut);
        if (template != null && !stale(template, projectRoot)) {
            return template;
        }
        status.accept(
                template == null
                        ? "Synthesizing the stack (no template in cdk.out yet)..."
                        : "Synthesizing the stack (the template is older than its sources)...");
        synth(projectRoot, List.of());
        template = find(cdkOut);
        if (template == null) {
            throw new IllegalStateException("cdk synth wrote no *.template.json into " + cdkOut);
        }
        return template;
    }

    /**
     * The template synthesized with {@code aggregations} (a JSON list, as cdk.json's {@code aggregations} context holds
     * it) into {@code outdir}, always afresh: what {@code scripts/local --aggregations} runs, beside the plain
     * {@code cdk.out}.
     */
    public static Path synthesizedWithAggregations(
            Path projectRoot, JsonNode aggregations, Path outdir, Consumer<String> status) {
        status.accept("Synthesizing the stack with the declared aggregations into " + outdir + "...");
        // Written on one line: the CDK CLI reads a -c value up to its first line break.
        synth(projectRoot, List.of("-c", "aggregations=" + aggregations.toString(), "-o", outdir.toString()));
        Path template = find(outdir);
        if (template == null) {
            throw new IllegalStateException("cdk synth wrote no *.template.json into " + outdir);
        }
        return template;
    }

    static boolean stale(Path template, Path projectRoot) {
        FileTime synthesized = modified(template);
        return SOURCES.stream()
                .map(projectRoot::resolve)
                .flatMap(TemplateFile::files)
                .map(TemplateFile::modified)
                .anyMatch(time -> time.compareTo(synthesized) > 0);
    }

    private static Path find(Path cdkOut) {
        if (!Files.isDirectory(cdkOut)) {
            return null;
        }
        try (Stream<Path> files = Files.list(cdkOut)) {
            List<Path> templates = files.filter(
                            file -> file.getFileName().toString().endsWith(".template.json"))
                    .toList();
            if (templates.size() > 1) {
                throw new IllegalStateException(
                        cdkOut + " holds " + templates.size() + " templates: pass the one to run with --template");
            }
            return templates.isEmpty() ? null : templates.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void synth(Path projectRoot, List<String> options) {
        try {
            Path log = Files.createTempFile("cdk-synth-", ".log");
            List<String> command = new java.util.ArrayList<>(
                    List.of("npx", "--no-install", "cdk", "synth", "--quiet", "--no-notices"));
            command.addAll(options);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(projectRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // The CDK app builds with Maven, which needs this JDK (25+) rather than whatever is first on the PATH.
            builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
            builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
            int exit = builder.start().waitFor();
            if (exit != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException("`npx cdk synth` failed (exit " + exit + "); its output is in " + log
                        + ", ending: "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not run `npx cdk synth` (are Node.js and `npm ci` there?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during cdk synth", e);
        }
    }

    private static Stream<Path> files(Path path) {
        if (!Files.exists(path)) {
            return Stream.empty();
        }
        if (!Files.isDirectory(path)) {
            return Stream.of(path);
        }
        try {
            return Files.walk(path).filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
