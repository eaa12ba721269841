package dev.ordertotals.operator.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.commit.LedgerUpdates;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.reconcile.ReconcileCheckpoint;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.operator.testkit.ThreeAggregations;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code quarantine} lists every quarantined order from the sparse index, whichever of its shards holds it. */
class QuarantineCommandTest {

    private LocalTables tables;

    @BeforeEach
    void createTables() {
        tables = LocalTables.create();
    }

    @Test
    void malformedAndRefusedEntriesAreListedAcrossEveryShard() {
        List<String> malformed =
                IntStream.rangeClosed(1, 16).mapToObj(order -> "m" + order).toList();
        malformed.forEach(id -> tables.putOrder(id, "not a date", "item123", 1));
        tables.putOrder("ok", "2026-11-24", "item123", 1);
        Operations.reconcile(tables);
        LedgerUpdates updates = new LedgerUpdates(tables.ledger(), Duration.ofDays(7));
        tables.dynamo()
                .updateItem(LedgerUpdates.asRequest(updates.park(
                        "r1",
                        Map.of("order_id", AttributeValue.fromS("r1")),
                        List.of("event-r1"),
                        "refused by DynamoDB: ValidationError",
                        "event-r1",
                        Instant.now())));
        Set<String> shards = malformed.stream().map(LedgerItem::quarantineShard).collect(Collectors.toSet());
        assertThat(shards).as("the orders spread over several shards").hasSizeGreaterThan(3);

        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "quarantine",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--state-table=" + tables.ledger());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Quarantine: 17 order(s) (16 malformed, 1 refused)");
        for (String id : malformed) {
            assertThat(result.out())
                    .containsPattern(
                            "malformed\\s+" + id
                                    + "\\s+\\S+\\s+reconcile\\s+current image: aggregation daily_item_quantity: order_date 'not a date'");
        }
        assertThat(result.out())
                .containsPattern("refused\\s+r1\\s+\\S+\\s+event-r1\\s+refused by DynamoDB: ValidationError")
                .doesNotContain(" ok ");
    }

    @Test
    void anAggregationOptionListsOnlyTheOrdersMalformedForThatAggregation() {
        ThreeAggregations pipeline = ThreeAggregations.create();
        LocalTables three = pipeline.tables();
        // Malformed for the two sums only (the count of noted orders counts it), and for all three.
        pipeline.putOrder("sums", "2026-11-24", "item123", AttributeValue.fromN("2.5"), "gift");
        pipeline.putOrder("all", "not a date", "item123", AttributeValue.fromN("1"), "gift");
        pipeline.putOrder("ok", "2026-11-24", "item123", AttributeValue.fromN("1"), "gift");
        Operations.reconciler(three, pipeline.all(), 2).run(ReconcileCheckpoint.none(2));
        LedgerUpdates updates = new LedgerUpdates(three.ledger(), Duration.ofDays(7));
        three.dynamo()
                .updateItem(LedgerUpdates.asRequest(updates.park(
                        "r1",
                        Map.of("order_id", AttributeValue.fromS("r1")),
                        List.of("event-r1"),
                        "refused by DynamoDB: ValidationError",
                        "event-r1",
                        Instant.now())));

        Cli.Result noted = quarantine(three, pipeline.option(), "--aggregation=" + ThreeAggregations.NOTED);
        Cli.Result monthly = quarantine(three, pipeline.option(), "--aggregation=" + ThreeAggregations.MONTHLY);

        assertThat(noted.exitCode()).as(noted.toString()).isZero();
        assertThat(noted.out())
                .startsWith("Quarantine: 1 order(s) malformed for aggregation daily_noted_orders in " + three.ledger()
                        + " (of 3 quarantined; 1 refused record(s), which hold back every aggregation of their order,"
                        + " are listed without --aggregation)")
                .containsPattern("malformed\\s+all\\s+.*aggregation daily_noted_orders: order_date 'not a date'")
                .doesNotContainPattern("malformed\\s+sums\\s")
                .doesNotContainPattern("refused\\s+r1");
        assertThat(monthly.out())
                .startsWith("Quarantine: 2 order(s) malformed for aggregation monthly_item_quantity in ")
                .containsPattern("malformed\\s+sums\\s+.*aggregation monthly_item_quantity: quantity")
                .containsPattern("malformed\\s+all\\s");
    }

    @Test
    void noneQuarantinedIsSaid() {
        Cli.Result result = Cli.run(
                OperatorCli.commandLine(),
                "quarantine",
                "--endpoint-url=" + MotoServer.shared().endpoint(),
                "--state-table=" + tables.ledger());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().strip())
                .isEqualTo("Quarantine: 0 order(s) (0 malformed, 0 refused) in " + tables.ledger());
    }

    private static Cli.Result quarantine(LocalTables tables, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "quarantine", "--endpoint-url=" + MotoServer.shared().endpoint(), "--state-table=" + tables.ledger()));
        args.addAll(List.of(more));
        return Cli.run(OperatorCli.commandLine(), args.toArray(String[]::new));
    }
}
