package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * cdk.json holds the CDK feature flags as {@code cdk init} writes them for this aws-cdk-lib: every flag whose
 * unset behaviour is not the recommended one is set, to the recommended value. Compared with the library's own
 * report (the {@code aws-cdk-lib/feature-flag-report} artifact {@code npx cdk flags} reads), so upgrading
 * aws-cdk-lib fails here until its new flags are reviewed and written to cdk.json.
 */
class FeatureFlagsTest {

    private static final String REPORT = "aws-cdk-lib/feature-flag-report";

    /** Flag name to its report entry: recommendedValue, unconfiguredBehavesLike, userValue (when set). */
    private static Map<String, Map<String, Object>> report;

    private static Map<String, Object> cdkJsonFlags;

    @BeforeAll
    static void synthesize() throws IOException {
        App app = (App) SynthesizedStack.build(Map.of()).getNode().getRoot();
        CloudAssembly assembly = app.synth();
        Map<String, Object> manifest = new ObjectMapper()
                .readValue(Path.of(assembly.getDirectory(), "manifest.json").toFile(), new TypeReference<>() {});
        report = flags(manifest);
        cdkJsonFlags = new TreeMap<>();
        SynthesizedStack.cdkJsonContext().forEach((key, value) -> {
            if (key.startsWith("@")) {
                cdkJsonFlags.put(key, value);
            }
        });
    }

    @Test
    void cdkJsonSetsEveryFlagWhoseDefaultIsNotTheRecommendedValue() {
        // What `npx cdk flags` lists as unconfigured: it must list nothing.
        Map<String, Object> expected = new TreeMap<>();
        report.forEach((flag, entry) -> {
            if (!entry.get("recommendedValue").equals(unsetBehaviour(entry))) {
                expected.put(flag, entry.get("recommendedValue"));
            }
        });
        assertThat(expected).isNotEmpty();
        assertThat(cdkJsonFlags).containsAllEntriesOf(expected);
    }

    @Test
    void everyFlagInCdkJsonHasItsRecommendedValue() {
        cdkJsonFlags.forEach((flag, value) -> assertThat(value)
                .as(flag)
                .isEqualTo(report.getOrDefault(flag, Map.of()).get("recommendedValue")));
    }

    @Test
    void everyFlagInCdkJsonIsOneThisAwsCdkLibKnows() {
        // A flag the library no longer (or not yet) reads does nothing, and would mislead whoever reads cdk.json.
        assertThat(report).containsKeys(cdkJsonFlags.keySet().toArray(String[]::new));
    }

    @Test
    void theAppTheSpecsSynthesizeRunsWithCdkJsonsFlags() {
        // The report carries the value each flag was given: the specs test the flags that deploy.
        cdkJsonFlags.forEach((flag, value) ->
                assertThat(report.getOrDefault(flag, Map.of())).as(flag).containsEntry("userValue", value));
    }

    /** A flag not set behaves as its v2 default when the report gives one, else as false. */
    @SuppressWarnings("unchecked")
    private static Object unsetBehaviour(Map<String, Object> entry) {
        Map<String, Object> unconfigured = (Map<String, Object>) entry.get("unconfiguredBehavesLike");
        return unconfigured != null && unconfigured.containsKey("v2") ? unconfigured.get("v2") : Boolean.FALSE;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> flags(Map<String, Object> manifest) {
        Map<String, Object> artifacts = (Map<String, Object>) manifest.get("artifacts");
        Map<String, Object> artifact = (Map<String, Object>) artifacts.get(REPORT);
        assertThat(artifact).as("the %s artifact in the cloud assembly", REPORT).isNotNull();
        return (Map<String, Map<String, Object>>) ((Map<String, Object>) artifact.get("properties")).get("flags");
    }
}
