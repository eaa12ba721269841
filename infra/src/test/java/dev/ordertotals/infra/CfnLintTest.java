package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.localengine.PythonVenv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthesized templates pass cfn-lint (pinned in requirements-dev.txt, in the project venv) with no error and
 * no warning: CloudFormation's own rules, which catch what CDK and cdk-nag do not (invalid values, redundant
 * dependencies, deprecated settings).
 */
class CfnLintTest {

    /** cfn-lint's exit code: 0 clean, else a bit set of 2 errors, 4 warnings, 8 informational; 1 failed to run. */
    private static final int CLEAN = 0;

    private static final int INFORMATIONAL_ONLY = 8;

    private static Path cfnLint;

    @TempDir
    Path directory;

    @BeforeAll
    static void installCfnLint() {
        cfnLint =
                PythonVenv.at(SynthesizedStack.projectRoot()).ensureInstalled().bin("cfn-lint");
    }

    @Test
    void deployedTemplatePassesCfnLint() throws Exception {
        assertLintClean(SynthesizedStack.deployedStack(), "deployed");
    }

    @Test
    void templateWithAlarmTopicPassesCfnLint() throws Exception {
        assertLintClean(SynthesizedStack.customized(), "customized");
    }

    @Test
    void templateWithDeclaredAggregationsPassesCfnLint() throws Exception {
        assertLintClean(SynthesizedStack.withAggregations(), "aggregations");
    }

    private void assertLintClean(Synthesized synthesized, String name) throws IOException, InterruptedException {
        Path template = directory.resolve(name + ".template.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(template.toFile(), synthesized.json());
        Process lint = new ProcessBuilder(cfnLint.toString(), "--", template.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(2, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        assertThat(lint.exitValue())
                .as("cfn-lint exit code (errors, warnings or a failure to run):%n%s", output)
                .isIn(CLEAN, INFORMATIONAL_ONLY);
    }
}
