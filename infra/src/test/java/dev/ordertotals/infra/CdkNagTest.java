package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * The AwsSolutions cdk-nag rules pass with no unsuppressed finding, and the suppressions are exactly the two
 * justified ones (so a new one must be added here, in review, with its reason).
 */
class CdkNagTest {

    private static final Object AWS_SOLUTIONS = Match.stringLikeRegexp("AwsSolutions-.*");

    @Test
    void deployedStackHasNoAwsSolutionsErrors() {
        assertThat(errors(SynthesizedStack.deployedStack())).isEmpty();
    }

    @Test
    void deployedStackHasNoAwsSolutionsWarnings() {
        assertThat(warnings(SynthesizedStack.deployedStack())).isEmpty();
    }

    @Test
    void stackWithAlarmTopicHasNoAwsSolutionsFindings() {
        assertThat(errors(SynthesizedStack.customized())).isEmpty();
        assertThat(warnings(SynthesizedStack.customized())).isEmpty();
    }

    @Test
    void suppressionsAreOnlyListStreamsAnyResourceAndTheOnFailureQueueDlq() {
        Synthesized deployed = SynthesizedStack.deployedStack();
        String policy = deployed.logicalId(deployed.stack().aggregator().policy());
        String queue = deployed.logicalId(deployed.stack().onFailure().queue());
        assertThat(suppressionsByResource(deployed)).isEqualTo(Map.of(
                policy, List.of("AwsSolutions-IAM5 applies to [Resource::*]"),
                queue, List.of("AwsSolutions-SQS3")));
    }

    @Test
    void everySuppressionGivesAReason() {
        assertThat(suppressions(SynthesizedStack.deployedStack())).allSatisfy(suppression ->
                assertThat((String) suppression.get("reason")).hasSizeGreaterThan(80));
    }

    @Test
    void checksRunOnTheAppSoANewNonCompliantResourceFailsTheSynth() {
        // Proves the gate is live: a plain queue (no TLS policy, no DLQ) added to the stack is reported, and with
        // @aws-cdk/core:annotationsInValidationReport an error finding fails the synth itself.
        OrderTotalsStack stack = SynthesizedStack.build(Map.of(SynthesizedStack.APP_MODE, SynthesizedStack.IN_MEMORY));
        new Queue(stack, "PlainQueue");
        assertThatThrownBy(() -> ((App) stack.getNode().getRoot()).synth())
                .hasMessageContaining("ValidationFailed")
                .hasMessageContaining("AwsSolutions-SQS3");
        assertThat(errorAnnotations(stack))
                .isNotEmpty()
                .allSatisfy((path, message) -> assertThat(path).contains("/PlainQueue/"));
    }

    /** Error annotations by construct path, read from the constructs (the synth that would report them failed). */
    private static Map<String, String> errorAnnotations(OrderTotalsStack stack) {
        Map<String, String> errors = new TreeMap<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                if ("aws:cdk:error".equals(entry.getType()) && String.valueOf(entry.getData()).startsWith("AwsSolutions-")) {
                    errors.merge(construct.getNode().getPath(), String.valueOf(entry.getData()), (a, b) -> a + "; " + b);
                }
            }
        }
        return errors;
    }

    private static List<SynthesisMessage> errors(Synthesized synthesized) {
        return Annotations.fromStack(synthesized.stack()).findError("*", AWS_SOLUTIONS);
    }

    private static List<SynthesisMessage> warnings(Synthesized synthesized) {
        return Annotations.fromStack(synthesized.stack()).findWarning("*", AWS_SOLUTIONS);
    }

    /** "rule applies to [findings]" per resource, from the cdk_nag metadata the suppressions write. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> suppressionsByResource(Synthesized synthesized) {
        Map<String, List<String>> byResource = new TreeMap<>();
        synthesized.section("Resources").forEach((id, resource) -> {
            List<Map<String, Object>> rules = rules((Map<String, Object>) resource.get("Metadata"));
            if (!rules.isEmpty()) {
                byResource.put(id, rules.stream().map(rule -> rule.get("id")
                        + (rule.containsKey("applies_to") ? " applies to " + rule.get("applies_to") : "")).toList());
            }
        });
        return byResource;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> suppressions(Synthesized synthesized) {
        return synthesized.section("Resources").values().stream()
                .flatMap(resource -> rules((Map<String, Object>) resource.get("Metadata")).stream())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Map<String, Object> metadata) {
        if (metadata == null || !(metadata.get("cdk_nag") instanceof Map<?, ?> nag)) {
            return List.of();
        }
        return (List<Map<String, Object>>) nag.get("rules_to_suppress");
    }
}
