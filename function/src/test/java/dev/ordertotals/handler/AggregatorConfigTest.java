package dev.ordertotals.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.FunctionArtifact;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregatorConfigTest {

    private static final Map<String, String> COMPLETE = Map.of(
            "tabla_pedidos", "orders", "tabla_totales", "totals", "tabla_estado", "state", "AWS_REGION", "eu-west-1");

    @Test
    void theHandlerStringTheStackDeploysNamesThisHandler() {
        assertThat(FunctionArtifact.HANDLER).isEqualTo(OrderTotalsHandler.class.getName() + "::handleRequest");
    }

    @Test
    void theRuntimesConstructorFailsAtInitNamingWhatTheEnvironmentLacks() {
        // This JVM has none of the function's variables, as a function deployed without the stack would.
        assertThat(System.getenv()).doesNotContainKeys("tabla_pedidos", "tabla_totales", "tabla_estado");

        assertThatThrownBy(OrderTotalsHandler::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tabla_pedidos, tabla_totales, tabla_estado");
    }

    @Test
    void readsTheTableNamesAndRegion() {
        assertThat(AggregatorConfig.fromEnvironment(COMPLETE))
                .isEqualTo(new AggregatorConfig(
                        "orders", "totals", "state", "eu-west-1", Aggregations.orderTotals("totals")));
    }

    @Test
    void aMissingTableVariableFailsNamingIt() {
        Map<String, String> env = new HashMap<>(COMPLETE);
        env.remove("tabla_totales");

        assertThatThrownBy(() -> AggregatorConfig.fromEnvironment(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tabla_totales")
                .hasMessageNotContaining("tabla_pedidos");
    }

    @Test
    void everyMissingVariableIsNamedAtOnce() {
        assertThatThrownBy(() -> AggregatorConfig.fromEnvironment(Map.of("tabla_pedidos", " ")))
                .hasMessageContaining("tabla_pedidos, tabla_totales, tabla_estado, AWS_REGION");
    }
}
