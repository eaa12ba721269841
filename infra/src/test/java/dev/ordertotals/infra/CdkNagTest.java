package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * The cdk-nag packs a reviewer runs (AwsSolutions, NIST 800-53 rev 5, HIPAA Security) pass with no unsuppressed
 * finding in every configuration the specs synthesize; the suppressions are exactly the justified ones, per pack and
 * per resource (so a new one must be added here, in review, with its reason); and a plain resource proves each pack
 * is live.
 */
class CdkNagTest {

    /** A cdk-nag pack, by the prefix of its rule ids. */
    enum Pack {
        AWS_SOLUTIONS("AwsSolutions"),
        NIST_800_53_R5("NIST.800.53.R5"),
        HIPAA_SECURITY("HIPAA.Security");

        private final String prefix;

        Pack(String prefix) {
            this.prefix = prefix;
        }

        String rule(String name) {
            return prefix + "-" + name;
        }

        boolean owns(String ruleId) {
            return ruleId.startsWith(prefix + "-");
        }

        /** Matches the annotation messages of this pack's findings. */
        Object findings() {
            return Match.stringLikeRegexp(prefix.replace(".", "\\.") + "-.*");
        }
    }

    static Stream<Arguments> everyPackInEveryConfiguration() {
        return Stream.of(Pack.values())
                .flatMap(pack ->
                        Stream.of(Configuration.values()).map(configuration -> Arguments.of(pack, configuration)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyPackInEveryConfiguration")
    void noUnsuppressedError(Pack pack, Configuration configuration) {
        assertThat(Annotations.fromStack(configuration.get().stack()).findError("*", pack.findings()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyPackInEveryConfiguration")
    void noUnsuppressedWarning(Pack pack, Configuration configuration) {
        assertThat(Annotations.fromStack(configuration.get().stack()).findWarning("*", pack.findings()))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void awsSolutionsSuppressionsAreOnlyListStreamsAnyResourceAndTheOnFailureQueueDlq(Configuration configuration) {
        Synthesized synthesized = configuration.get();
        OrderTotalsStack stack = synthesized.stack();
        assertThat(suppressionsByResource(synthesized, Pack.AWS_SOLUTIONS))
                .isEqualTo(Map.of(
                        synthesized.logicalId(stack.aggregator().policy()),
                                Set.of("AwsSolutions-IAM5 applies to [Resource::*]"),
                        synthesized.logicalId(stack.onFailure().queue()), Set.of("AwsSolutions-SQS3")));
    }

    @ParameterizedTest
    @EnumSource(
            value = Pack.class,
            names = {"NIST_800_53_R5", "HIPAA_SECURITY"})
    void complianceSuppressionsOfTheDefaultStack(Pack pack) {
        Synthesized deployed = SynthesizedStack.deployedStack();
        Map<String, Set<String>> expected = new TreeMap<>(byDesign(deployed, pack));
        // Only while encryptionKey is unset: CloudWatch Logs' own encryption.
        expected.put(
                deployed.logicalId(deployed.stack().aggregator().logGroup()),
                Set.of(pack.rule("CloudWatchLogGroupEncrypted")));
        // Only while alarmEmail is unset: no notification target.
        deployed.stack()
                .monitoring()
                .alarms()
                .all()
                .forEach(alarm -> expected.put(deployed.logicalId(alarm), Set.of(pack.rule("CloudWatchAlarmAction"))));
        assertThat(suppressionsByResource(deployed, pack)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(
            value = Pack.class,
            names = {"NIST_800_53_R5", "HIPAA_SECURITY"})
    void keyAndAlarmEmailLeaveOnlyTheSuppressionsByDesign(Pack pack) {
        // CUSTOMIZED sets encryptionKey=create and alarmEmail: the log group is encrypted, every alarm has an action.
        Synthesized customized = SynthesizedStack.customized();
        assertThat(suppressionsByResource(customized, pack)).isEqualTo(byDesign(customized, pack));
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void nistAndHipaaSuppressionsAreOneDecisionWithOneReason(Configuration configuration) {
        // The packs share these rules: each resource's decision is recorded under both ids, with the same reason.
        Map<String, Map<String, String>> nist = reasonsByResource(configuration.get(), Pack.NIST_800_53_R5);
        Map<String, Map<String, String>> hipaa = reasonsByResource(configuration.get(), Pack.HIPAA_SECURITY);
        assertThat(nist).isNotEmpty();
        assertThat(hipaa).isEqualTo(nist);
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void everySuppressionGivesASpecificReason(Configuration configuration) {
        List<Map<String, Object>> suppressions = suppressions(configuration.get());
        assertThat(suppressions)
                .isNotEmpty()
                .allSatisfy(suppression ->
                        assertThat((String) suppression.get("reason")).hasSizeGreaterThan(120));
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void nothingIsSuppressedStackWide(Configuration configuration) {
        // Stack-level suppressions would sit in the template's own Metadata; every one here is on a resource.
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata =
                (Map<String, Object>) configuration.get().json().getOrDefault("Metadata", Map.of());
        assertThat(metadata).doesNotContainKey("cdk_nag");
    }

    @ParameterizedTest
    @EnumSource(Pack.class)
    void packIsLiveSoANewNonCompliantResourceFailsTheSynth(Pack pack) {
        // A plain topic (no encryption, no TLS-only policy) added to the stack is an error in every pack, and with
        // @aws-cdk/core:annotationsInValidationReport an error finding fails the synth itself.
        OrderTotalsStack stack = SynthesizedStack.build(Map.of(SynthesizedStack.APP_MODE, SynthesizedStack.IN_MEMORY));
        new Topic(stack, "PlainTopic");
        assertThatThrownBy(() -> ((App) stack.getNode().getRoot()).synth())
                .hasMessageContaining("ValidationFailed")
                .hasMessageContaining("ERROR " + pack.prefix + "-");
        assertThat(errorAnnotations(stack, pack))
                .isNotEmpty()
                .allSatisfy((path, message) -> assertThat(path).contains("/PlainTopic/"));
    }

    @Test
    void theAppRunsExactlyTheThreePacks() {
        // One nag report per pack in the cloud assembly: what `cdk synth` writes next to the template.
        App app = (App) SynthesizedStack.build(Map.of()).getNode().getRoot();
        String directory = app.synth().getDirectory();
        assertThat(new File(directory).list((dir, name) -> name.endsWith("-NagReport.csv")))
                .containsExactlyInAnyOrder(
                        "AwsSolutions-OrderTotals-NagReport.csv",
                        "NIST.800.53.R5-OrderTotals-NagReport.csv",
                        "HIPAA.Security-OrderTotals-NagReport.csv");
    }

    /** NIST/HIPAA findings this stack answers by design, in every configuration. */
    private static Map<String, Set<String>> byDesign(Synthesized synthesized, Pack pack) {
        OrderTotalsStack stack = synthesized.stack();
        Map<String, Set<String>> expected = new HashMap<>();
        for (IConstruct table : List.of(
                stack.orders().table(), stack.totals().table(), stack.ledger().table())) {
            expected.put(synthesized.logicalId(table), Set.of(pack.rule("DynamoDBInBackupPlan")));
        }
        // The totals tables of declared aggregations, like the default one.
        stack.exactAggregations()
                .declaredTables()
                .values()
                .forEach(table ->
                        expected.put(synthesized.logicalId(table.table()), Set.of(pack.rule("DynamoDBInBackupPlan"))));
        expected.put(
                synthesized.logicalId(stack.aggregator().function()),
                Set.of(pack.rule("LambdaDLQ"), pack.rule("LambdaConcurrency"), pack.rule("LambdaInsideVPC")));
        expected.put(synthesized.logicalId(stack.aggregator().policy()), Set.of(pack.rule("IAMNoInlinePolicy")));
        return expected;
    }

    /** Error annotations of one pack by construct path, read from the constructs (the synth that would report them failed). */
    private static Map<String, String> errorAnnotations(OrderTotalsStack stack, Pack pack) {
        Map<String, String> errors = new TreeMap<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                if ("aws:cdk:error".equals(entry.getType()) && pack.owns(String.valueOf(entry.getData()))) {
                    errors.merge(
                            construct.getNode().getPath(), String.valueOf(entry.getData()), (a, b) -> a + "; " + b);
                }
            }
        }
        return errors;
    }

    /** "rule applies to [findings]" per resource, for one pack, from the cdk_nag metadata the suppressions write. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> suppressionsByResource(Synthesized synthesized, Pack pack) {
        Map<String, Set<String>> byResource = new TreeMap<>();
        synthesized.section("Resources").forEach((id, resource) -> {
            Set<String> rules = new TreeSet<>();
            for (Map<String, Object> rule : rules((Map<String, Object>) resource.get("Metadata"))) {
                String ruleId = (String) rule.get("id");
                if (pack.owns(ruleId)) {
                    rules.add(ruleId + (rule.containsKey("applies_to") ? " applies to " + rule.get("applies_to") : ""));
                }
            }
            if (!rules.isEmpty()) {
                byResource.put(id, rules);
            }
        });
        return byResource;
    }

    /** Per resource, each of the pack's suppressed rules (without the pack prefix) with its reason. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> reasonsByResource(Synthesized synthesized, Pack pack) {
        Map<String, Map<String, String>> byResource = new TreeMap<>();
        synthesized.section("Resources").forEach((id, resource) -> {
            for (Map<String, Object> rule : rules((Map<String, Object>) resource.get("Metadata"))) {
                String ruleId = (String) rule.get("id");
                if (pack.owns(ruleId)) {
                    byResource
                            .computeIfAbsent(id, key -> new TreeMap<>())
                            .put(ruleId.substring(pack.prefix.length() + 1), (String) rule.get("reason"));
                }
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
