package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The function's logs: JSON (so Lambda can filter by level), its own log group, bounded retention. */
class LoggingSpecTest {

    private static Synthesized deployed;
    private static Synthesized customized;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        customized = SynthesizedStack.customized();
    }

    @Test
    void functionLogsAsJson() {
        assertThat(loggingConfig(deployed)).containsEntry("LogFormat", "JSON");
    }

    @Test
    void applicationLogLevelDefaultsToInfo() {
        assertThat(loggingConfig(deployed)).containsEntry("ApplicationLogLevel", "INFO");
    }

    @Test
    void systemLogLevelDefaultsToWarn() {
        assertThat(loggingConfig(deployed)).containsEntry("SystemLogLevel", "WARN");
    }

    @Test
    void logLevelsComeFromContext() {
        assertThat(loggingConfig(customized))
                .containsEntry("ApplicationLogLevel", ContextOverrides.APPLICATION_LOG_LEVEL)
                .containsEntry("SystemLogLevel", ContextOverrides.SYSTEM_LOG_LEVEL);
    }

    @Test
    void functionLogsToItsOwnLogGroup() {
        assertThat(loggingConfig(deployed))
                .containsEntry(
                        "LogGroup",
                        ref(deployed.logicalId(deployed.stack().aggregator().logGroup())));
    }

    @Test
    void logsAreKept30DaysByDefault() {
        assertThat(logGroup(deployed)).containsEntry("RetentionInDays", 30);
    }

    @Test
    void logRetentionComesFromContext() {
        assertThat(logGroup(customized)).containsEntry("RetentionInDays", ContextOverrides.LOG_RETENTION_DAYS);
    }

    @Test
    void stackHasExactlyOneLogGroup() {
        deployed.template().resourceCountIs("AWS::Logs::LogGroup", 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loggingConfig(Synthesized synthesized) {
        return (Map<String, Object>) synthesized
                .properties(synthesized.stack().aggregator().function())
                .get("LoggingConfig");
    }

    private static Map<String, Object> logGroup(Synthesized synthesized) {
        return synthesized.properties(synthesized.stack().aggregator().logGroup());
    }
}
