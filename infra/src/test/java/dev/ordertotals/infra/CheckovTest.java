package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.localengine.PythonVenv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.constructs.IConstruct;

/**
 * checkov (pinned in requirements-checkov.txt, in its own venv {@code .venv-checkov}) fails no check on the
 * synthesized templates, in every configuration the cdk-nag gates run on; the checks it skips are exactly the
 * justified ones, per resource and per check, each with its reason (so a new one must be added here, in review); and
 * a plain resource added to the template proves the scan is live and the skips are no wider than their resource.
 *
 * <p>checkov reads the skips from each resource's {@code Metadata} ({@code checkov.skip}, written by
 * {@link CheckovSkip}). It runs offline: {@code --skip-download} (no guidelines or policies from its vendor's
 * platform), no package update check. One scan per configuration and test JVM, about 3 s each.
 */
class CheckovTest {

    /** checkov's exit code: 0 when no check failed, 1 when one did; anything else is a failure to run. */
    private static final int NO_CHECK_FAILED = 0;

    private static final int A_CHECK_FAILED = 1;

    private static final Map<Configuration, Scan> SCANS = new EnumMap<>(Configuration.class);

    private static Path checkov;

    @TempDir
    static Path directory;

    /** One check on one resource, as checkov reports it: the check, the logical id, and a skip's comment. */
    record Finding(String check, String resource, String comment) {}

    /** What checkov reported on one template. */
    record Scan(
            int passed,
            int resourceCount,
            int parsingErrors,
            List<Finding> failed,
            List<Finding> skipped,
            String output) {

        /** Logical id to the checks skipped on it. */
        Map<String, Set<String>> skippedByResource() {
            Map<String, Set<String>> byResource = new TreeMap<>();
            skipped.forEach(finding -> byResource
                    .computeIfAbsent(finding.resource(), id -> new TreeSet<>())
                    .add(finding.check()));
            return byResource;
        }
    }

    @BeforeAll
    static void installCheckov() {
        checkov = PythonVenv.checkov(SynthesizedStack.projectRoot())
                .ensureInstalled()
                .bin("checkov");
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void noCheckFails(Configuration configuration) {
        Scan scan = scan(configuration);
        assertThat(scan.failed()).as("checks failed:%n%s", scan.output()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void everyResourceIsParsedAndScanned(Configuration configuration) {
        Scan scan = scan(configuration);
        assertThat(scan.parsingErrors()).as("parsing errors").isZero();
        assertThat(scan.resourceCount())
                .as("resources checkov scanned")
                .isEqualTo(configuration.get().section("Resources").size());
        assertThat(scan.passed()).as("checks passed").isPositive();
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void skipsAreExactlyTheJustifiedOnes(Configuration configuration) {
        Synthesized synthesized = configuration.get();
        OrderTotalsStack stack = synthesized.stack();
        Map<String, Set<String>> expected = new TreeMap<>();
        // By design, in every configuration: the stream consumer's concurrency, DLQ, network and environment.
        expected.put(
                synthesized.logicalId(stack.aggregator().function()),
                Set.of(
                        CheckovSkip.LAMBDA_CONCURRENCY,
                        CheckovSkip.LAMBDA_DLQ,
                        CheckovSkip.LAMBDA_IN_VPC,
                        CheckovSkip.LAMBDA_ENVIRONMENT_KEY));
        if (!configuration.hasKey()) {
            // Only while encryptionKey is unset: the services' own keys.
            for (IConstruct table : List.of(
                    stack.orders().table(),
                    stack.totals().table(),
                    stack.ledger().table())) {
                expected.put(synthesized.logicalId(table), Set.of(CheckovSkip.TABLE_CUSTOMER_KEY));
            }
            stack.exactAggregations()
                    .declaredTables()
                    .values()
                    .forEach(table ->
                            expected.put(synthesized.logicalId(table.table()), Set.of(CheckovSkip.TABLE_CUSTOMER_KEY)));
            expected.put(synthesized.logicalId(stack.onFailure().queue()), Set.of(CheckovSkip.QUEUE_KMS_KEY));
            expected.put(synthesized.logicalId(stack.aggregator().logGroup()), Set.of(CheckovSkip.LOG_GROUP_KMS_KEY));
        }
        assertThat(scan(configuration).skippedByResource()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Configuration.class)
    void everySkipGivesASpecificReason(Configuration configuration) {
        assertThat(scan(configuration).skipped())
                .isNotEmpty()
                .allSatisfy(finding -> assertThat(finding.comment()).hasSizeGreaterThan(120));
    }

    @Test
    void scanIsLiveAndSkipsStayOnTheirResource() {
        // The default template plus a queue with neither KmsMasterKeyId nor a skip, beside the stack's own queue.
        Synthesized deployed = SynthesizedStack.deployedStack();
        Map<String, Object> template = new ObjectMapper().convertValue(deployed.json(), new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        resources.put("PlainQueue", Map.of("Type", "AWS::SQS::Queue", "Properties", Map.of()));

        Scan scan = run(template, "plain-queue");

        assertThat(scan.failed()).containsExactly(new Finding(CheckovSkip.QUEUE_KMS_KEY, "PlainQueue", null));
        assertThat(scan.skippedByResource())
                .containsEntry(
                        deployed.logicalId(deployed.stack().onFailure().queue()), Set.of(CheckovSkip.QUEUE_KMS_KEY));
    }

    private static synchronized Scan scan(Configuration configuration) {
        return SCANS.computeIfAbsent(configuration, key -> run(key.get().json(), key.name()));
    }

    private static Scan run(Map<String, Object> templateJson, String name) {
        try {
            ObjectMapper json = new ObjectMapper();
            Path template = directory.resolve(name + ".template.json");
            json.writerWithDefaultPrettyPrinter().writeValue(template.toFile(), templateJson);
            Path errors = directory.resolve(name + ".checkov.stderr");
            ProcessBuilder builder = new ProcessBuilder(
                            checkov.toString(),
                            "--file",
                            template.toString(),
                            "--framework",
                            "cloudformation",
                            "--output",
                            "json",
                            "--skip-download")
                    .redirectError(errors.toFile());
            builder.environment().put("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true");
            builder.environment().put("BC_SKIP_MAPPING", "TRUE");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as("checkov finished")
                    .isTrue();
            assertThat(process.exitValue())
                    .as("checkov exit code (a failure to run):%n%s%n%s", output, Files.readString(errors))
                    .isIn(NO_CHECK_FAILED, A_CHECK_FAILED);
            return parse(json.readTree(output), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running checkov", e);
        }
    }

    /** checkov's JSON report of the one framework it ran (a list of reports when there are several). */
    private static Scan parse(JsonNode report, String output) {
        if (report.isArray()) {
            report = report.get(0);
        }
        JsonNode summary = report.path("summary");
        JsonNode results = report.path("results");
        return new Scan(
                summary.path("passed").asInt(),
                summary.path("resource_count").asInt(),
                summary.path("parsing_errors").asInt(),
                findings(results.path("failed_checks")),
                findings(results.path("skipped_checks")),
                output);
    }

    private static List<Finding> findings(JsonNode checks) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode check : checks) {
            // "AWS::SQS::Queue.OnFailureQueue8F02EDD4": the type, then the logical id.
            String resource = check.path("resource").asText();
            JsonNode comment = check.path("check_result").path("suppress_comment");
            findings.add(new Finding(
                    check.path("check_id").asText(),
                    resource.substring(resource.indexOf('.') + 1),
                    comment.isMissingNode() ? null : comment.asText()));
        }
        return findings;
    }
}
