package dev.ordertotals.operator.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.commit.LedgerUpdates;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.operator.OperatorCli;
import dev.ordertotals.operator.testkit.Operations;
import dev.ordertotals.testsupport.Cli;
import dev.ordertotals.testsupport.LocalTables;
import java.time.Duration;
import java.time.Instant;
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
}
