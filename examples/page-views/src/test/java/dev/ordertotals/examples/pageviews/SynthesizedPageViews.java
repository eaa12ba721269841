package dev.ordertotals.examples.pageviews;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.infra.OrderTotalsSettings.Keys;
import dev.ordertotals.localengine.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The page-views app synthesized in process, through {@link PageViewsApp#define} as its {@code main} does, with this
 * repository's cdk.json context (its feature flags and the settings' defaults).
 */
record SynthesizedPageViews(PageViewsStack stack, Template template) {

    /** With an empty jar for the function: the template does not depend on the jar's content. */
    static SynthesizedPageViews forAssertions() {
        PageViewsStack stack = PageViewsApp.define(app(standInJar(), null), ProjectPaths.root());
        return new SynthesizedPageViews(stack, Template.fromStack(stack));
    }

    /**
     * Writes the cloud assembly into {@code outdir}, with the function's built jar (function/target), and returns the
     * template's path: what the local run deploys.
     */
    static Path templateFile(Path outdir) {
        Path jar = ProjectPaths.root().resolve(FunctionArtifact.JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the function jar " + jar + " is not built: run the tests with"
                    + " ./mvnw -pl examples/page-views -am verify, which packages it first");
        }
        App app = app(jar, outdir);
        PageViewsApp.define(app, ProjectPaths.root());
        app.synth();
        return outdir.resolve(PageViewsApp.STACK_NAME + ".template.json");
    }

    /** The logical id of the CloudFormation resource behind an L2 construct. */
    String logicalId(IConstruct construct) {
        return (String) stack.resolve(((CfnElement) construct.getNode().getDefaultChild()).getLogicalId());
    }

    private static App app(Path functionJar, Path outdir) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put(Keys.FUNCTION_JAR, functionJar.toString());
        AppProps.Builder props = AppProps.builder().context(context);
        if (outdir != null) {
            props.outdir(outdir.toString());
        }
        return new App(props.build());
    }

    private static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper()
                    .readValue(ProjectPaths.root().resolve("cdk.json").toFile(), new TypeReference<>() {});
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
