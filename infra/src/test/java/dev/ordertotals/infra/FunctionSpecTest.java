package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.constructs.IConstruct;

/** The aggregation function: runtime, code entry point, SnapStart, the tables it is told about, its alias. */
class FunctionSpecTest {

    private static Synthesized deployed;
    private static Map<String, Object> function;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        function = deployed.properties(deployed.stack().aggregator().function());
    }

    @Test
    void stackHasExactlyOneFunction() {
        // No CDK helper functions (log retention, custom resources) sneak in next to the aggregator.
        deployed.template().resourceCountIs("AWS::Lambda::Function", 1);
    }

    @Test
    void functionRunsOnJava25() {
        assertThat(function.get("Runtime")).isEqualTo("java25");
    }

    @Test
    void functionRunsOnArm64() {
        assertThat(function.get("Architectures")).isEqualTo(List.of("arm64"));
    }

    @Test
    void functionEntryPointIsTheOrderTotalsHandler() {
        assertThat(function.get("Handler")).isEqualTo(Contract.HANDLER);
    }

    @Test
    void functionRestoresPublishedVersionsFromSnapStart() {
        assertThat(function.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }

    @Test
    void tablaPedidosNamesTheOrdersTable() {
        assertThat(environmentReference(Contract.ENV_ORDERS_TABLE))
                .isEqualTo(tableName(deployed.stack().orders().table()));
    }

    @Test
    void tablaTotalesNamesTheTotalsTable() {
        assertThat(environmentReference(Contract.ENV_TOTALS_TABLE))
                .isEqualTo(tableName(deployed.stack().totals().table()));
    }

    @Test
    void tablaEstadoNamesTheStateTable() {
        assertThat(environmentReference(Contract.ENV_LEDGER_TABLE))
                .isEqualTo(tableName(deployed.stack().ledger().table()));
    }

    @Test
    void metricsNamespaceDefaultsToOrderTotals() {
        assertThat(environmentString(Contract.ENV_METRICS_NAMESPACE)).isEqualTo(Contract.DEFAULT_METRICS_NAMESPACE);
    }

    @Test
    void metricsNamespaceComesFromContext() {
        Map<String, Object> customized = SynthesizedStack.customized()
                .properties(SynthesizedStack.customized().stack().aggregator().function());
        assertThat(variables(customized))
                .containsEntry(Contract.ENV_METRICS_NAMESPACE, ContextOverrides.METRICS_NAMESPACE);
    }

    @Test
    void environmentHoldsOnlyTheTableNamesMetricsNamespaceAndJvmOptions() {
        assertThat(variables(function))
                .containsOnlyKeys(
                        Contract.ENV_ORDERS_TABLE,
                        Contract.ENV_TOTALS_TABLE,
                        Contract.ENV_LEDGER_TABLE,
                        Contract.ENV_METRICS_NAMESPACE,
                        "JAVA_TOOL_OPTIONS");
    }

    @Test
    void functionHas1024MbByDefault() {
        // Chosen from measurements: see README "Cold start and memory".
        assertThat(function.get("MemorySize")).isEqualTo(1024);
    }

    @Test
    void functionTimeoutLeavesRoomForTheCommittersSafetyMargin() {
        // The handler stops starting transactions with less than 6 s left; 60 s leaves room for a batch of 100.
        assertThat(function.get("Timeout")).isEqualTo(60);
    }

    @Test
    void functionRunsItsJvmWithTheJitStoppedAtC1CompilingEarlyAndTheSerialCollector() {
        // Measured on the null engine (docs/benchmarks.md): faster warm-up at the same long-run cost per record.
        assertThat(variables(function))
                .containsEntry(
                        "JAVA_TOOL_OPTIONS",
                        "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.2 "
                                + "-XX:+UseSerialGC");
    }

    @Test
    void functionUsesItsOwnRole() {
        assertThat(function.get("Role"))
                .isEqualTo(
                        getAtt(deployed.logicalId(deployed.stack().aggregator().role()), "Arn"));
    }

    @Test
    void functionIsCreatedAfterItsPolicy() {
        // Nothing references the policy: without DependsOn the first invocation could run before the grants exist.
        IConstruct policy = deployed.stack().aggregator().policy();
        assertThat(deployed.resource(deployed.stack().aggregator().function()).get("DependsOn"))
                .isEqualTo(List.of(deployed.logicalId(policy)));
    }

    @Test
    void liveAliasPointsAtThePublishedVersion() {
        Synthesized stack = deployed;
        Map<String, Object> alias = stack.properties(stack.stack().aggregator().alias());
        assertThat(alias.get("Name")).isEqualTo(Contract.ALIAS);
        assertThat(alias.get("FunctionName"))
                .isEqualTo(ref(stack.logicalId(stack.stack().aggregator().function())));
        assertThat(alias.get("FunctionVersion"))
                .isEqualTo(getAtt(
                        stack.logicalId(stack.stack().aggregator().function().getCurrentVersion()), "Version"));
    }

    /** Captured from the template through the assertions API, to compare with the expected reference. */
    private static Map<String, Object> environmentReference(String name) {
        return capture(name).asObject();
    }

    private static String environmentString(String name) {
        return capture(name).asString();
    }

    private static Capture capture(String variable) {
        Capture value = new Capture();
        deployed.template()
                .hasResourceProperties(
                        "AWS::Lambda::Function",
                        Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of(variable, value)))));
        return value;
    }

    private static Object tableName(IConstruct table) {
        return ref(deployed.logicalId(table));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }
}
