package dev.ordertotals.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.FunctionArtifact;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
                        "orders", Optional.of("totals"), "state", "eu-west-1", Aggregations.orderTotals("totals")));
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

    @Test
    void withDeclaredAggregationsTheTotalsVariableMayBeAbsent() {
        // A stack that keeps only its declared aggregations (ExactAggregationsProps.keepOrderTotals(false)) sets none.
        Map<String, String> env = new HashMap<>(COMPLETE);
        env.remove("tabla_totales");
        env.put("AGGREGATIONS", PAGE_VIEWS);

        AggregatorConfig config = AggregatorConfig.fromEnvironment(env);

        assertThat(config.totalsTable()).isEmpty();
        assertThat(config.aggregations().names()).containsExactly("views_per_day_and_page");
    }

    @Test
    void withoutDeclaredAggregationsTheTotalsVariableIsStillRequired() {
        Map<String, String> env = new HashMap<>(COMPLETE);
        env.remove("tabla_totales");
        env.put("AGGREGATIONS", " ");

        assertThatThrownBy(() -> AggregatorConfig.fromEnvironment(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tabla_totales");
    }

    private static final String PAGE_VIEWS = """
            [{"name": "views_per_day_and_page", "table": "page-totals",
              "groupBy": [{"attribute": "day", "from": "viewed_at", "transform": "date"},
                          {"attribute": "page", "from": "page", "transform": "value"}],
              "measures": [{"attribute": "views", "count": true}, {"attribute": "seconds", "sum": "seconds"}]}]
            """;
}
