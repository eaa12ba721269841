package dev.ordertotals.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.testkit.ThreeAggregations;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.ExampleAggregations;
import dev.ordertotals.testsupport.LocalTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a new user mistypes, command by command: each gets one line on stderr saying what is wrong, with which value,
 * and what to do; exit 2; nothing on stdout (no half report); no stack trace without {@code --verbose}; nothing read
 * or written, no file left behind.
 */
class BadInputTest {

    private static final String DAY = "2026-11-24T08:00:00Z";

    @TempDir
    Path dir;

    private LocalTables tables;

    @BeforeEach
    void tables() {
        tables = LocalTables.create();
        tables.putOrder("1", DAY, "item123", 10);
        tables.putOrder("2", DAY, "item312", 7);
        tables.putTotal(
                "2026-11-20", "ghost", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("3"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "verify,     --max-report,      -1, '-1 is negative: give 0 or more'",
        "verify,     --segments,        0,  '0 is not a positive number: give 1 or more'",
        "quarantine, --max-report,      -1, '-1 is negative: give 0 or more'",
        "reconcile,  --max-report,      -1, '-1 is negative: give 0 or more'",
        "reconcile,  --segments,        -2, '-2 is not a positive number: give 1 or more'",
        "reconcile,  --max-write-units, -5, '-5 is negative: give 0 (no limit) or more'",
        "reconcile,  --max-write-units, NaN, '''NaN'' is not a finite number'",
        "verify,     --max-report,      abc, '''abc'' is not a whole number'",
    })
    void aCountOutOfRangeIsRefusedWhenTheCommandLineIsParsed(
            String command, String option, String value, String reason) {
        Cli.Result result = run(command, option + "=" + value);

        assertOneLine(result, "error: Invalid value for option '" + option + "': " + reason);
        assertThat(tables.ledgerItems()).as("nothing written").isEmpty();
    }

    @Test
    void aRegionThatIsNoRegionIsRefusedAtOnceNamingIt() {
        long started = System.nanoTime();
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--region=nonsense",
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals());

        assertOneLine(
                result,
                "error: Invalid value for option '--region': 'nonsense' is not an AWS region: give one such as"
                        + " us-east-1 or eu-west-1 (aws ec2 describe-regions lists them)");
        assertThat((System.nanoTime() - started) / 1e9).as("no call made").isLessThan(2);
    }

    @Test
    void anEndpointThatIsNotAUrlSaysWhatAUrlLooksLike() {
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(), "quarantine", "--endpoint-url=notaurl", "--state-table=" + tables.ledger());

        assertOneLine(
                result,
                "error: Invalid value for option '--endpoint-url': 'notaurl' is not an http(s) URL with a host:"
                        + " give the scheme and host, e.g. http://127.0.0.1:4566");
    }

    @Test
    void anEndpointWhereNothingListensIsNamed() {
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--endpoint-url=http://127.0.0.1:1",
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals());

        assertOneLine(
                result,
                "error: cannot reach http://127.0.0.1:1: Connection refused; is anything listening there? (check"
                        + " --endpoint-url)");
    }

    @Test
    void missingCredentialsAreOneShortLine() {
        // No endpoint: real AWS, but the credentials of a profile that does not exist fail before any call is made.
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "verify",
                "--region=eu-west-1",
                "--profile=no-such-profile-" + System.nanoTime(),
                "--orders-table=o",
                "--totals-table=t");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("error: no AWS credentials")
                .contains("--profile")
                .hasSizeLessThan(300);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "verify, --orders-table",
        "verify, --totals-table",
        "reconcile, --state-table",
        "quarantine, --state-table"
    })
    void aMissingTableIsNamedWithWhereItWasLookedFor(String command, String option) {
        Cli.Result result = run(command, option + "=nope");

        assertOneLine(
                result,
                "error: " + option + " nope: no such table at "
                        + MotoServer.shared().endpoint() + ", region us-east-1"
                        + "; check the name (and --region, --profile or --endpoint-url)");
    }

    @Test
    void replayWithAMissingQueueNamesIt() {
        String gone = tables.queueUrl() + "-gone";
        Cli.Result result = run("replay", "--queue-url=" + gone);

        assertOneLine(
                result,
                "error: --queue-url " + gone + ": no such queue at "
                        + MotoServer.shared().endpoint() + ", region us-east-1"
                        + "; check the URL (and --region, --profile or --endpoint-url)");
    }

    @Test
    void reconcileAgainstAMissingTableNeitherSaysInterruptedNorLeavesACheckpoint() {
        Path cwdCheckpoint = Path.of(".reconcile-" + tables.orders() + ".json");

        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "reconcile",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--orders-table=" + tables.orders(),
                "--totals-table=" + tables.totals(),
                "--state-table=nope");

        assertOneLine(result, "error: --state-table nope: no such table");
        assertThat(result.err()).doesNotContain("Interrupted", "--resume");
        assertThat(cwdCheckpoint).doesNotExist();
    }

    @Test
    void aCheckpointInAFolderThatDoesNotExistIsRefusedBeforeTheScan() {
        Path missing = dir.resolve("no/such/folder/checkpoint.json");

        Cli.Result result = run("reconcile", "--checkpoint=" + missing);

        assertOneLine(
                result,
                "error: --checkpoint " + missing + ": the folder " + missing.getParent()
                        + " does not exist; create it, or choose a file in an existing folder");
        assertThat(tables.ledgerItems()).as("nothing reconciled").isEmpty();
        assertThat(files()).as("no temporary file left").isEmpty();
    }

    @Test
    void aCheckpointThatIsAFolderIsRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("cp"));

        Cli.Result result = run("reconcile", "--checkpoint=" + folder);

        assertOneLine(result, "error: --checkpoint " + folder + " is a folder; give a file name");
        assertThat(tables.ledgerItems()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"verify", "reconcile", "quarantine"})
    void anUnknownAggregationIsRefusedNamingTheConfiguredOnes(String command) {
        Cli.Result result = run(command, "--aggregation=nope");

        assertOneLine(
                result,
                "error: --aggregation nope: no such aggregation; configured: daily_item_quantity (the default alone:"
                        + " pass the function's aggregations with --aggregations)");
        assertThat(tables.ledgerItems()).as("nothing written").isEmpty();
    }

    @Test
    void anUnknownAggregationAmongThoseDeclaredIsRefusedNamingThem() {
        ThreeAggregations pipeline = new ThreeAggregations(tables, ExampleAggregations.create(tables));

        Cli.Result result = run("reconcile", pipeline.option(), "--aggregation=monthly");

        assertOneLine(
                result,
                "error: --aggregation monthly: no such aggregation; configured: daily_item_quantity,"
                        + " monthly_item_quantity, daily_noted_orders (from --aggregations)");
        assertThat(tables.ledgerItems()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"verify", "reconcile", "replay", "quarantine"})
    void aggregationsThatAreNotAListOfAggregationsAreRefusedNamingWhatIsWrong(String command) {
        Cli.Result result = run(command, "--aggregations=[{\"name\": \"x\"}]");

        assertOneLine(
                result,
                "error: --aggregations: not a list of aggregations as the function reads them (aggregation 'x':"
                        + " table must be a non-empty string, got nothing)");
    }

    @Test
    void anAggregationsFileThatDoesNotExistIsNamed() {
        Path missing = dir.resolve("aggregations.json");

        Cli.Result result = run("verify", "--aggregations=@" + missing);

        assertOneLine(result, "error: --aggregations @" + missing + ": no such file");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli.Result result = run("verify", "--orders-table=nope", "--verbose");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("IllegalArgumentException: --orders-table nope: no such table", "\tat ");
    }

    @Test
    void aMistypedOptionSaysWhereTheOptionsAreListed() {
        Cli.Result result = run("verify", "--max-reports=3");

        assertOneLine(result, "error: Unknown option: '--max-reports=3'");
        assertThat(result.err()).contains("(verify --help lists the options)");
    }

    private static void assertOneLine(Cli.Result result, String expectedStart) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).as("no half report on stdout").isEmpty();
        assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith(expectedStart).doesNotContain("\tat ");
    }

    private List<Path> files() {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code command} on this test's tables (each option only once: a later one given here replaces it). */
    private Cli.Result run(String command, String... more) {
        List<String> args = new ArrayList<>(
                List.of(command, "--endpoint-url=" + MotoServer.shared().endpoint()));
        List<String> given = Stream.of(more).map(arg -> arg.split("=")[0]).toList();
        switch (command) {
            case "quarantine" -> add(args, given, "--state-table=" + tables.ledger());
            case "replay" -> {
                add(args, given, "--queue-url=" + tables.queueUrl());
                add(args, given, "--totals-table=" + tables.totals());
                add(args, given, "--state-table=" + tables.ledger());
            }
            default -> {
                add(args, given, "--orders-table=" + tables.orders());
                add(args, given, "--totals-table=" + tables.totals());
                add(args, given, "--state-table=" + tables.ledger());
                if (command.equals("reconcile")) {
                    add(args, given, "--checkpoint=" + dir.resolve("checkpoint.json"));
                }
            }
        }
        args.addAll(List.of(more));
        return Cli.run(OperatorCli.commandLine(), args.toArray(String[]::new));
    }

    private static void add(List<String> args, List<String> given, String option) {
        if (!given.contains(option.split("=")[0])) {
            args.add(option);
        }
    }
}
