package dev.ordertotals.localrunner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.localengine.template.FunctionSpec;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a local run configures the runtime's logging from the stack, and which of its lines reach the console. */
class FunctionEnvironmentAndLogTest {

    private static final URI ENGINE = URI.create("http://127.0.0.1:4566");

    @Test
    void aJsonLoggingConfigReachesTheRuntimeAsLambdaPassesIt() {
        Map<String, String> environment = EngineEnvironment.of(
                Map.of("tabla_pedidos", "orders"),
                ENGINE,
                "$LATEST",
                new FunctionSpec.Logging("JSON", Optional.of("INFO")));

        assertThat(environment)
                .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON")
                .containsEntry("AWS_LAMBDA_LOG_LEVEL", "INFO")
                .containsEntry("tabla_pedidos", "orders")
                .containsEntry("AWS_ENDPOINT_URL", ENGINE.toString());
    }

    @Test
    void theTextFormatSetsNoLogVariables() {
        Map<String, String> environment = EngineEnvironment.of(Map.of(), ENGINE, "1", FunctionSpec.Logging.TEXT);

        assertThat(environment).doesNotContainKeys("AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL");
    }

    @Test
    void warningsAndErrorsReachTheConsoleInEitherFormat() {
        assertThat(FunctionLog.needsAttention(
                        "{\"timestamp\":\"t\",\"message\":\"Quarantined record\",\"level\":\"WARN\"}"))
                .isTrue();
        assertThat(FunctionLog.needsAttention("{\"message\":\"Batch failed\",\"level\":\"ERROR\"}"))
                .isTrue();
        assertThat(FunctionLog.needsAttention("[WARN] Quarantined record")).isTrue();
        assertThat(FunctionLog.needsAttention("INIT_ERROR Runtime.BadFunctionCode {}"))
                .isTrue();
    }

    @Test
    void routineLinesStayInTheLogFile() {
        assertThat(FunctionLog.needsAttention("{\"message\":\"Batch records=2 applied=2\",\"level\":\"INFO\"}"))
                .isFalse();
        assertThat(FunctionLog.needsAttention("{\"message\":\"the level was WARN yesterday\",\"level\":\"INFO\"}"))
                .isFalse();
        assertThat(FunctionLog.needsAttention("[INFO] Batch records=2")).isFalse();
    }
}
