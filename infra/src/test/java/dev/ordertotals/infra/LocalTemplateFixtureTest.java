package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The local engine's tests run a stack with declared aggregations from a fixture (its tables, queue, function and
 * event source, without IAM, logs and monitoring): it must be what this stack synthesizes with
 * {@link ContextOverrides#AGGREGATIONS}, so a change here that the local run must follow fails here first.
 */
class LocalTemplateFixtureTest {

    static final Path FIXTURE = SynthesizedStack.projectRoot()
            .resolve("local-engine/src/test/resources/templates/declared-aggregations.template.json");

    /** What the local run reads; everything else is left out of the fixture. */
    static final Set<String> DATA_PATH = Set.of(
            "AWS::DynamoDB::Table",
            "AWS::SQS::Queue",
            "AWS::Lambda::Function",
            "AWS::Lambda::Version",
            "AWS::Lambda::Alias",
            "AWS::Lambda::EventSourceMapping");

    @Test
    void theLocalEnginesFixtureIsTheDataPathOfTheStackWithDeclaredAggregations() throws IOException {
        Map<String, Object> fixture = new ObjectMapper().readValue(FIXTURE.toFile(), new TypeReference<>() {});

        assertThat(fixture.get("Resources")).isEqualTo(dataPath(SynthesizedStack.withAggregations()));
    }

    /**
     * The synthesized resources the local run reads, without metadata and dependencies, the function's code and role
     * (neither exists outside the stack) replaced by stand-ins.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> dataPath(Synthesized synthesized) {
        Map<String, Object> resources = new LinkedHashMap<>();
        synthesized.section("Resources").forEach((id, resource) -> {
            if (!DATA_PATH.contains(resource.get("Type"))) {
                return;
            }
            Map<String, Object> kept = new LinkedHashMap<>(resource);
            kept.remove("Metadata");
            kept.remove("DependsOn");
            if ("AWS::Lambda::Function".equals(resource.get("Type"))) {
                Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) resource.get("Properties"));
                properties.put("Code", Map.of("S3Bucket", "stand-in", "S3Key", "stand-in.jar"));
                properties.put("Role", "arn:aws:iam::123456789012:role/stand-in");
                kept.put("Properties", properties);
            }
            resources.put(id, kept);
        });
        return resources;
    }
}
