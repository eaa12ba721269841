package dev.ordertotals.localrunner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.contract.FunctionArtifact;
import dev.ordertotals.localengine.LocalCdk;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.localrunner.LocalRunnerCli;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import dev.ordertotals.testsupport.SynthesizedTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input to {@code local} and {@code local-deploy}: one line, exit 2, and nothing started (no synth, no engine,
 * no function) when the command line alone shows the mistake; and the commands {@code --keep-running} prints work as
 * printed.
 */
class LocalBadInputTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "local,        --show,          -1,      '-1 is negative: give 0 or more'",
        "local,        --orders,        -1,      '-1 is negative: give 0 or more'",
        "local,        --existing,      -5,      '-5 is negative: give 0 or more'",
        "local,        --malformed,     150,     '150 is not a percentage: give 0 to 100'",
        "local,        --malformed,     -1,      '-1 is not a percentage: give 0 to 100'",
        "local,        --drain-timeout, 0,       '0 is not a positive number: give 1 or more'",
        "local,        --endpoint-url,  notaurl, '''notaurl'' is not an http(s) URL with a host'",
        "local-deploy, --show,          -1,      '-1 is negative: give 0 or more'",
        "local-deploy, --malformed,     101,     '101 is not a percentage: give 0 to 100'",
        "local,        --seed,          abc,     '''abc'' is not a whole number'",
        "local,        --name-prefix,   bad name, '''bad name'' cannot start a table and queue name: give 1 to 40 letters, digits, - or _'",
    })
    void aValueOutOfRangeIsRefusedBeforeAnythingStarts(String command, String option, String value, String reason) {
        long started = System.nanoTime();

        Cli.Result result = Cli.run(LocalRunnerCli.commandLine(), command, option + "=" + value);

        assertOneLine(result, "error: Invalid value for option '" + option + "': " + reason);
        assertThat((System.nanoTime() - started) / 1e9)
                .as("no synth, no engine")
                .isLessThan(3);
    }

    @Test
    void aFunctionJarThatIsNotAJarIsRefusedBeforeTheEngineStarts() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("function.jar"), "not a jar");
        long started = System.nanoTime();

        // No --template: the check comes before the template is synthesized.
        Cli.Result result = Cli.run(LocalRunnerCli.commandLine(), "local", "--function-jar=" + notAJar);

        assertOneLine(result, "error: --function-jar " + notAJar + " is not a jar (");
        assertThat(result.err()).contains("give the function's shaded jar, " + FunctionArtifact.JAR);
        assertThat((System.nanoTime() - started) / 1e9)
                .as("no synth, no engine, no retries")
                .isLessThan(3);
    }

    @Test
    void aJarWithoutTheHandlersClassIsRefused() throws IOException {
        Path other = dir.resolve("other.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("com/example/Other.class"));
            zip.closeEntry();
        }

        Cli.Result result = Cli.run(
                LocalRunnerCli.commandLine(),
                "local",
                "--template=" + SynthesizedTemplate.path(),
                "--function-jar=" + other);

        assertOneLine(
                result,
                "error: --function-jar " + other + " has no dev/ordertotals/handler/OrderTotalsHandler.class, the"
                        + " class of the template's handler dev.ordertotals.handler.OrderTotalsHandler::handleRequest");
    }

    @Test
    void aMissingFunctionJarIsNamed() {
        Path missing = dir.resolve("missing.jar");

        Cli.Result result = Cli.run(
                LocalRunnerCli.commandLine(),
                "local",
                "--template=" + SynthesizedTemplate.path(),
                "--function-jar=" + missing);

        assertOneLine(result, "error: --function-jar " + missing + ": no such file; build it with ./mvnw");
    }

    @Test
    void anEndpointWhereNothingListensIsNamedBeforeAnythingStarts() {
        Cli.Result result = Cli.run(LocalRunnerCli.commandLine(), "local", "--endpoint-url=http://127.0.0.1:1");

        assertOneLine(result, "error: --endpoint-url http://127.0.0.1:1: nothing answers there (Connection refused");
        assertThat(result.err()).contains("start the engine, or leave --endpoint-url out and `local` starts one");
    }

    @Test
    void aDeployThatFailsOnAContextKeyEndsInThatOneLine() {
        LocalCdk.Result failed =
                new LocalCdk.Result(List.of("deploy", "-c", "batchsize=10"), 1, """
                Node 22 ...
                error: Context key batchsize (from -c or cdk.json) is not a setting of this stack: did you mean batchSize?
                scripts/cdk-app: Subprocess exited with error 2
                """, Duration.ofSeconds(3));

        assertThatThrownBy(() -> LocalDeployCommand.failedWith(failed))
                .hasMessage("`cdk deploy` failed (exit 1): Context key batchsize (from -c or cdk.json) is not a setting"
                        + " of this stack: did you mean batchSize? (its output is above)");
    }

    @Test
    void ordersAndAFileTogetherAreRefused() {
        Cli.Result result = Cli.run(LocalRunnerCli.commandLine(), "local", "--orders=5", "--file=x.jsonl");

        assertOneLine(result, "error: --orders=N, --file=FILE are mutually exclusive (specify only one)");
    }

    @Test
    void aMissingTemplateIsNamedBeforeAnythingStarts() {
        Path missing = dir.resolve("template.json");

        Cli.Result result = Cli.run(LocalRunnerCli.commandLine(), "local", "--template=" + missing);

        assertOneLine(
                result,
                "error: --template " + missing + ": no such file; give a template `npx cdk synth` wrote"
                        + " (cdk.out/OrderTotals.template.json), or leave --template out to synthesize it");
    }

    @Test
    void aTemplateThatIsNotJsonIsOneLine() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "# Not a template\n");

        Cli.Result result = Cli.run(LocalRunnerCli.commandLine(), "local", "--template=" + readme);

        assertOneLine(result, "error: --template " + readme + " is not a JSON template (Unexpected character ('#'");
        assertThat(result.err()).contains("give one `npx cdk synth` wrote").doesNotContain("--verbose");
    }

    @Test
    void aMissingOrdersFileIsNamed() {
        Path missing = dir.resolve("orders.jsonl");

        Cli.Result result = Cli.run(LocalRunnerCli.commandLine(), "local", "--file=" + missing);

        assertOneLine(
                result,
                "error: --file " + missing
                        + ": no such file; give a JSON Lines file of orders (`local --help` shows the format)");
    }

    @Test
    void theCommandsKeepRunningPrintsRunAsPrinted() {
        LocalTables tables = LocalTables.create();
        Path root = ProjectPaths.root();

        List<String> lines = LocalCommand.byHand(
                MotoServer.shared().endpoint(),
                "order_id",
                Instant.parse("2026-11-25T10:00:00Z"),
                new LocalCommand.Tables(
                        tables.orders(), tables.totals(), tables.ledger(), Optional.of(tables.queueUrl())),
                LocalCommand.scripts(root, root));

        assertThat(lines.getFirst())
                .as("the AWS CLI v1 reads AWS_DEFAULT_REGION, v2 AWS_REGION first")
                .contains("AWS_DEFAULT_REGION=us-east-1", "AWS_REGION=us-east-1");
        assertThat(String.join("\n", lines)).doesNotContain("java -jar", "tools/target");
        List<String> tools =
                lines.stream().filter(line -> line.startsWith("scripts/")).toList();
        assertThat(tools)
                .extracting(line -> line.split(" ")[0])
                .containsExactly("scripts/verify", "scripts/reconcile", "scripts/quarantine", "scripts/replay");
        for (String line : tools) {
            String[] words = line.split(" ");
            Path script = root.resolve(words[0]);
            assertThat(script).as(line).isRegularFile().isExecutable();
            String[] args = new String[words.length];
            args[0] = script.getFileName().toString();
            System.arraycopy(words, 1, args, 1, words.length - 1);
            Cli.Result result = Cli.run(OperatorCli.commandLine(), args);
            assertThat(result.exitCode()).as(line + "\n" + result).isZero();
        }
    }

    @Test
    void fromAnotherFolderTheScriptsAreNamedByTheirAbsolutePath() {
        Path root = ProjectPaths.root();

        assertThat(LocalCommand.scripts(root, root)).isEqualTo("scripts/");
        assertThat(LocalCommand.scripts(root, dir)).isEqualTo(root.resolve("scripts") + "/");
    }

    private static void assertOneLine(Cli.Result result, String expectedStart) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).as(result.toString()).isEmpty();
        assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith(expectedStart).doesNotContain("\tat ");
    }
}
