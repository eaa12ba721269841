package dev.ordertotals.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack as {@code cdk deploy} would: with the context from {@code cdk.json} (which
 * {@code new App()} alone does not read), optionally overridden as with {@code -c key=value}.
 */
final class SynthesizedStack {

    private static Template deployed;

    private SynthesizedStack() {
    }

    /** The stack with exactly the committed cdk.json context; synthesized once per test JVM. */
    static synchronized Template deployed() {
        if (deployed == null) {
            deployed = Template.fromStack(build(Map.of()));
        }
        return deployed;
    }

    static OrderTotalsStack build(Map<String, Object> overrides) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.putAll(overrides);
        App app = new App(AppProps.builder().context(context).build());
        return OrderTotalsApp.define(app, projectRoot());
    }

    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(projectRoot().resolve("cdk.json").toFile(), new TypeReference<>() {
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }
}
