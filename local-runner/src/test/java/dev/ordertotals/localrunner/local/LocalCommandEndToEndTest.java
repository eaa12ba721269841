package dev.ordertotals.localrunner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.TotalsItem;
import dev.ordertotals.localengine.LocalClients;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.localengine.template.FunctionSpec;
import dev.ordertotals.localengine.template.StackTemplate;
import dev.ordertotals.localrunner.LocalRunnerCli;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.Names;
import dev.ordertotals.testsupport.SynthesizedTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code local} command itself, end to end: the real template, tables on moto, the real handler in a child
 * JVM with the template's environment, the event source emulator, then verify. Shares the test moto server
 * ({@code --endpoint-url}) with unique resource names.
 */
class LocalCommandEndToEndTest {

    private final DynamoDbClient dynamo =
            LocalClients.dynamo(MotoServer.shared().endpoint());

    @Test
    void theFourSampleOrdersGiveFortyOfEachItemToday() {
        String prefix = Names.uniquePrefix();

        Cli.Result result = local(prefix);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(totals(prefix))
                .containsExactlyInAnyOrderEntriesOf(Map.of(today + "|item123", 40L, today + "|item312", 40L));
        assertThat(result.out())
                .containsPattern(today + "\\s+item123\\s+40")
                .containsPattern(today + "\\s+item312\\s+40")
                .contains("Verify: exact");
    }

    @Test
    void randomOrdersWithChangesCancellationsMalformedOnesAndInjectedFaultsStayExact() {
        String prefix = Names.uniquePrefix();

        Cli.Result result = local(prefix, "--orders", "150", "--seed", "42", "--malformed", "5", "--chaos");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Verify: exact", "quarantined")
                .containsPattern("Verify: 1\\d\\d orders scanned");
        assertThat(result.out()).containsPattern("[1-9]\\d* failed and retried");
    }

    @Test
    void existingOrdersAreBackfilledByReconcileWhileLiveOrdersAreAggregatedWithInjectedFaults() {
        String prefix = Names.uniquePrefix();

        Cli.Result result =
                local(prefix, "--orders", "120", "--existing", "200", "--seed", "7", "--malformed", "5", "--chaos");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "Existing: 200 random orders",
                        "from LATEST (--existing",
                        "Reconcile, concurrent with the live writes: ",
                        "Ledger vs orders: exact",
                        "Totals vs ledger: exact",
                        "Verify: exact")
                .containsPattern("[1-9]\\d* corrected");
    }

    @Test
    void ordersFromAFileInEitherNotationWithADelete(@TempDir Path dir) throws IOException {
        String prefix = Names.uniquePrefix();
        Path file = dir.resolve("orders.jsonl");
        Files.writeString(file, """
                # plain JSON and DynamoDB JSON, one item per line
                {"order_id": "1", "order_date": "2026-01-05T09:00:00Z", "item_id": "apple", "quantity": 3}
                {"order_id": {"S": "2"}, "order_date": {"S": "2026-01-05T10:00:00Z"}, "item_id": {"S": "apple"}, "quantity": {"N": "4"}}
                {"order_id": "3", "order_date": "2026-01-06", "item_id": "pear", "quantity": 5}
                {"order_id": "4", "order_date": "2026-01-06", "item_id": "pear", "quantity": 2.5}
                {"delete": {"order_id": "3"}}
                """);

        Cli.Result result = local(prefix, "--file", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(totals(prefix))
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-01-05|apple", 7L, "2026-01-06|pear", 0L));
        assertThat(result.out()).contains("1 malformed order(s) quarantined");
    }

    @Test
    void aMistakeInTheFileIsOneClearLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("orders.jsonl");
        Files.writeString(file, "{\"order_id\": \"1\"}\n{\"quantity\": 3}\n");

        Cli.Result result = local(Names.uniquePrefix(), "--file", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("error: orders.jsonl line 2: no key attribute order_id");
    }

    @Test
    void theExampleAggregationsAreEachVerifiedExactBesideTheDefaultOne() {
        Path template = SynthesizedTemplate.withAggregations(ProjectPaths.root().resolve("examples/aggregations.json"));

        Cli.Result result = local(template, Names.uniquePrefix(), "--orders", "150", "--seed", "7", "--chaos");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "(aggregation daily_item_quantity)",
                        "(aggregation monthly_item_quantity)",
                        "(aggregation daily_orders)",
                        "  month    item_number  quantity",
                        "  order_date  orders",
                        "Verify: exact");
    }

    @Test
    void aggregationsAndATemplateTogetherAreRefusedAsOneClearLine() {
        Cli.Result result = Cli.run(
                LocalRunnerCli.commandLine(),
                "local",
                "--template=" + SynthesizedTemplate.path(),
                "--aggregations=" + ProjectPaths.root().resolve("examples/aggregations.json"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("--aggregations and --template both say what to run");
    }

    private static Cli.Result local(String prefix, String... more) {
        return local(SynthesizedTemplate.path(), prefix, more);
    }

    private static Cli.Result local(Path template, String prefix, String... more) {
        String[] args = new String[6 + more.length];
        args[0] = "local";
        args[1] = "--template=" + template;
        args[2] = "--endpoint-url=" + MotoServer.shared().endpoint();
        args[3] = "--name-prefix=" + prefix;
        args[4] = "--show=100";
        args[5] = "--drain-timeout=120";
        System.arraycopy(more, 0, args, 6, more.length);
        return Cli.run(LocalRunnerCli.commandLine(), args);
    }

    private Map<String, Long> totals(String prefix) {
        StackTemplate template = StackTemplate.read(SynthesizedTemplate.path());
        String table = prefix + "-"
                + ((FunctionSpec.EnvValue.Ref) template.function().environment().get(FunctionEnvironment.TOTALS_TABLE))
                        .logicalId();
        Map<String, Long> totals = new TreeMap<>();
        dynamo.scanPaginator(request -> request.tableName(table))
                .items()
                .forEach(item -> totals.put(
                        item.get(TotalsItem.PARTITION_KEY).s() + "|"
                                + item.get(TotalsItem.SORT_KEY).s(),
                        Long.parseLong(item.get(TotalsItem.QUANTITY).n())));
        return totals;
    }
}
