package dev.ordertotals.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack as {@code cdk deploy} would: with the context from {@code cdk.json} (which
 * {@code new App()} alone does not read), optionally overridden as with {@code -c key=value}, through the same
 * {@link OrderTotalsApp#define} as the real app (so with the cdk-nag checks).
 *
 * <p>A synth costs seconds, so the variants the specs need are synthesized once per test JVM each.
 */
final class SynthesizedStack {

    /**
     * Context that makes a failed synth's exception carry the whole validation report (cdk-nag errors included),
     * as CDK does for apps run in a test runner, instead of printing it to stderr.
     */
    static final String APP_MODE = "@aws-cdk/core:appMode";

    static final String IN_MEMORY = "inmemory";

    /**
     * The stack is tested before the function is built (the function's own tests use the synthesized tables), and
     * nothing here reads the jar's content: an empty jar stands in for it.
     */
    private static final Path STAND_IN_JAR = standInJar();

    private static Synthesized deployed;
    private static Synthesized customized;
    private static Synthesized customizedFromCli;
    private static Synthesized withCreatedKey;
    private static Synthesized withExistingKey;
    private static Synthesized withAggregations;
    private static Synthesized withAggregationsFromCli;
    private static Synthesized withAggregationsKeyAndRetainedData;

    private SynthesizedStack() {}

    /** The template of the stack with exactly the committed cdk.json context. */
    static Template deployed() {
        return deployedStack().template();
    }

    static synchronized Synthesized deployedStack() {
        if (deployed == null) {
            deployed = Synthesized.of(build(Map.of()));
        }
        return deployed;
    }

    /** Every setting changed from its default, with the JSON types cdk.json holds ({@link ContextOverrides#CUSTOM}). */
    static synchronized Synthesized customized() {
        if (customized == null) {
            customized = Synthesized.of(build(ContextOverrides.CUSTOM));
        }
        return customized;
    }

    /** The same settings as {@link #customized()}, but as the strings {@code cdk -c key=value} passes. */
    static synchronized Synthesized customizedFromCli() {
        if (customizedFromCli == null) {
            customizedFromCli = Synthesized.of(build(ContextOverrides.asCliStrings(ContextOverrides.CUSTOM)));
        }
        return customizedFromCli;
    }

    /** cdk.json's context with {@code encryptionKey=create}: everything else as deployed by default. */
    static synchronized Synthesized withCreatedKey() {
        if (withCreatedKey == null) {
            withCreatedKey = Synthesized.of(build(Map.of(Keys.ENCRYPTION_KEY, "create")));
        }
        return withCreatedKey;
    }

    /** cdk.json's context with {@code encryptionKey} set to {@link ContextOverrides#EXISTING_KEY_ARN}. */
    static synchronized Synthesized withExistingKey() {
        if (withExistingKey == null) {
            withExistingKey = Synthesized.of(build(Map.of(Keys.ENCRYPTION_KEY, ContextOverrides.EXISTING_KEY_ARN)));
        }
        return withExistingKey;
    }

    /** cdk.json's context with {@link ContextOverrides#AGGREGATIONS} declared, as cdk.json would hold them. */
    static synchronized Synthesized withAggregations() {
        if (withAggregations == null) {
            withAggregations = Synthesized.of(build(Map.of(Keys.AGGREGATIONS, ContextOverrides.AGGREGATIONS)));
        }
        return withAggregations;
    }

    /** The same declarations as {@link #withAggregations()}, as the JSON string {@code -c aggregations=...} passes. */
    static synchronized Synthesized withAggregationsFromCli() {
        if (withAggregationsFromCli == null) {
            withAggregationsFromCli = Synthesized.of(
                    build(Map.of(Keys.AGGREGATIONS, ContextOverrides.asJson(ContextOverrides.AGGREGATIONS))));
        }
        return withAggregationsFromCli;
    }

    /** {@link #withAggregations()} with {@code encryptionKey=create} and {@code retainData=true}. */
    static synchronized Synthesized withAggregationsKeyAndRetainedData() {
        if (withAggregationsKeyAndRetainedData == null) {
            withAggregationsKeyAndRetainedData = Synthesized.of(build(Map.of(
                    Keys.AGGREGATIONS,
                    ContextOverrides.AGGREGATIONS,
                    Keys.ENCRYPTION_KEY,
                    "create",
                    Keys.RETAIN_DATA,
                    true)));
        }
        return withAggregationsKeyAndRetainedData;
    }

    /** A new app and stack (not synthesized yet) with cdk.json's context plus {@code overrides}. */
    static OrderTotalsStack build(Map<String, ?> overrides) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put(Keys.FUNCTION_JAR, STAND_IN_JAR.toString());
        context.putAll(overrides);
        App app = new App(AppProps.builder().context(context).build());
        return OrderTotalsApp.define(app, projectRoot());
    }

    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper()
                    .readValue(projectRoot().resolve("cdk.json").toFile(), new TypeReference<>() {});
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The empty jar synthesized stacks deploy, for tests that build settings themselves. */
    static Path functionJarStandIn() {
        return STAND_IN_JAR;
    }

    private static Path standInJar() {
        try {
            Path jar = Files.createTempFile("function-stand-in-", ".jar");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
                zip.setComment("stand-in for the function jar");
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("project.root", ".."))
                .toAbsolutePath()
                .normalize();
    }
}
