package dev.ordertotals.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordertotals.commit.BatchReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF line must be valid JSON of the documented shape, or CloudWatch silently extracts nothing. */
class BatchMetricsTest {

    private static final BatchReport REPORT =
            new BatchReport(10, 5, 2, 1, 2, 0, 3, 4, new BatchReport.Complete(), List.of());

    private JsonNode publish(String namespace) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BatchMetrics(namespace, "order-totals-fn", new PrintStream(out, true, StandardCharsets.UTF_8))
                .publish(REPORT, 17, 1_700_000_000_000L);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).as("one line per batch").hasSize(1);
        return new ObjectMapper().readTree(text);
    }

    @Test
    void declaresTheNamespaceDimensionAndUnitsOfEveryMetric() throws Exception {
        JsonNode directive = publish("OrderTotals").at("/_aws/CloudWatchMetrics/0");

        assertThat(directive.get("Namespace").asText()).isEqualTo("OrderTotals");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("FunctionName");
        assertThat(directive.get("Metrics").findValuesAsText("Name"))
                .containsExactly(
                        "RecordsApplied",
                        "RecordsSkipped",
                        "RecordsQuarantined",
                        "DuplicateRecordsSkipped",
                        "TransactionsCommitted",
                        "BatchDurationMs");
        assertThat(directive.get("Metrics").findValuesAsText("Unit"))
                .containsExactly("Count", "Count", "Count", "Count", "Count", "Milliseconds");
    }

    @Test
    void carriesTheValuesTimestampAndDimensionAtTheTopLevel() throws Exception {
        JsonNode line = publish("OrderTotals");

        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(line.get("FunctionName").asText()).isEqualTo("order-totals-fn");
        assertThat(Map.of(
                        "RecordsApplied", line.get("RecordsApplied").asLong(),
                        "RecordsSkipped", line.get("RecordsSkipped").asLong(),
                        "RecordsQuarantined", line.get("RecordsQuarantined").asLong(),
                        "DuplicateRecordsSkipped",
                                line.get("DuplicateRecordsSkipped").asLong(),
                        "TransactionsCommitted",
                                line.get("TransactionsCommitted").asLong(),
                        "BatchDurationMs", line.get("BatchDurationMs").asLong()))
                .isEqualTo(Map.of(
                        "RecordsApplied",
                        5L,
                        "RecordsSkipped",
                        2L,
                        "RecordsQuarantined",
                        1L,
                        "DuplicateRecordsSkipped",
                        2L,
                        "TransactionsCommitted",
                        3L,
                        "BatchDurationMs",
                        17L));
    }

    @Test
    void escapesTheNamespaceAsJson() throws Exception {
        assertThat(publish("Team \"A\" \\ totals")
                        .at("/_aws/CloudWatchMetrics/0/Namespace")
                        .asText())
                .isEqualTo("Team \"A\" \\ totals");
    }

    @Test
    void readsTheNamespaceAndFunctionNameFromTheEnvironment() {
        BatchMetrics metrics = BatchMetrics.fromEnvironment(
                Map.of("METRICS_NAMESPACE", "Shop/Totals", "AWS_LAMBDA_FUNCTION_NAME", "fn-1"), System.out);

        assertThat(metrics.line(REPORT, 1, 2)).contains("\"Namespace\":\"Shop/Totals\"", "\"FunctionName\":\"fn-1\"");
    }
}
