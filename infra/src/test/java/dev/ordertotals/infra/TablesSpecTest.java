package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.services.dynamodb.ITable;

/** What every table shares: on-demand billing, encryption at rest, point-in-time recovery. */
class TablesSpecTest {

    enum StackTable {
        ORDERS(stack -> stack.orders().table()),
        TOTALS(stack -> stack.totals().table()),
        STATE(stack -> stack.ledger().table());

        private final Function<OrderTotalsStack, ITable> table;

        StackTable(Function<OrderTotalsStack, ITable> table) {
            this.table = table;
        }
    }

    private static Synthesized deployed;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
    }

    @Test
    void stackHasExactlyTheThreeTables() {
        assertThat(deployed.resourcesOfType("AWS::DynamoDB::Table").keySet())
                .containsExactlyInAnyOrderElementsOf(Stream.of(StackTable.values())
                        .map(table -> deployed.logicalId(table.table.apply(deployed.stack())))
                        .toList());
    }

    @ParameterizedTest
    @EnumSource(StackTable.class)
    void tableBillsPerRequest(StackTable table) {
        assertThat(properties(table).get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(properties(table)).doesNotContainKey("ProvisionedThroughput");
    }

    @ParameterizedTest
    @EnumSource(StackTable.class)
    void tableIsEncryptedAtRest(StackTable table) {
        assertThat(properties(table).get("SSESpecification")).isEqualTo(Map.of("SSEEnabled", true));
    }

    @ParameterizedTest
    @EnumSource(StackTable.class)
    void tableHasPointInTimeRecovery(StackTable table) {
        assertThat(properties(table).get("PointInTimeRecoverySpecification"))
                .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
    }

    private static Map<String, Object> properties(StackTable table) {
        return deployed.properties(table.table.apply(deployed.stack()));
    }
}
