package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.constructs.IConstruct;

/** The stack's outputs, which the tools and the README's commands read: each names the right resource. */
class OutputsSpecTest {

    private static Synthesized deployed;
    private static Map<String, Map<String, Object>> outputs;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        outputs = deployed.section("Outputs");
    }

    @Test
    void stackOutputsExactlyTheNamesOperatorsNeed() {
        assertThat(outputs)
                .containsOnlyKeys(
                        "OrdersTableName",
                        "TotalsTableName",
                        "StateTableName",
                        "FunctionName",
                        "OnFailureQueueUrl",
                        "DashboardName");
    }

    @Test
    void ordersTableNameIsTheOrdersTable() {
        assertOutputRefersTo("OrdersTableName", deployed.stack().orders().table());
    }

    @Test
    void totalsTableNameIsTheTotalsTable() {
        assertOutputRefersTo("TotalsTableName", deployed.stack().totals().table());
    }

    @Test
    void stateTableNameIsTheStateTable() {
        assertOutputRefersTo("StateTableName", deployed.stack().ledger().table());
    }

    @Test
    void functionNameIsTheAggregationFunction() {
        assertOutputRefersTo("FunctionName", deployed.stack().aggregator().function());
    }

    @Test
    void onFailureQueueUrlIsTheOnFailureQueue() {
        // Ref of an SQS queue is its URL.
        assertOutputRefersTo("OnFailureQueueUrl", deployed.stack().onFailure().queue());
    }

    @Test
    void dashboardNameIsTheDashboard() {
        assertOutputRefersTo(
                "DashboardName", deployed.stack().monitoring().dashboard().dashboard());
    }

    private static void assertOutputRefersTo(String output, IConstruct resource) {
        assertThat(outputs.get(output)).as(output).containsEntry("Value", ref(deployed.logicalId(resource)));
    }
}
