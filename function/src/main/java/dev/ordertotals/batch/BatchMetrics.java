package dev.ordertotals.batch;

import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.MetricNames;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format (EMF) line per batch, on standard output, where CloudWatch Logs turns
 * it into metrics with no API call and no extra permission. Written by hand: a metrics library would add more
 * to the jar and the cold start than these few lines.
 *
 * <p>Namespace from {@code METRICS_NAMESPACE} (set by the stack), one dimension {@code FunctionName}; the
 * stack's alarms and dashboard read the same names.
 */
public final class BatchMetrics {

    private final String namespace;
    private final String functionName;
    private final PrintStream out;

    public BatchMetrics(String namespace, String functionName, PrintStream out) {
        this.namespace = namespace;
        this.functionName = functionName;
        this.out = out;
    }

    /** Metrics that go nowhere: for tests, tools and priming, whose batches are not the function's. */
    public static BatchMetrics none() {
        return new BatchMetrics(
                MetricNames.DEFAULT_NAMESPACE, "none", new PrintStream(OutputStream.nullOutputStream()));
    }

    public static BatchMetrics fromEnvironment(Map<String, String> env, PrintStream out) {
        return new BatchMetrics(
                env.getOrDefault(FunctionEnvironment.METRICS_NAMESPACE, MetricNames.DEFAULT_NAMESPACE),
                env.getOrDefault(FunctionEnvironment.FUNCTION_NAME, "local"),
                out);
    }

    public void publish(BatchReport report, long durationMillis, long timestampMillis) {
        out.println(line(report, durationMillis, timestampMillis));
    }

    String line(BatchReport report, long durationMillis, long timestampMillis) {
        return "{\"_aws\":{\"Timestamp\":" + timestampMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":"
                + JsonText.quote(namespace)
                + ",\"Dimensions\":[[\"" + MetricNames.DIMENSION_FUNCTION_NAME + "\"]],\"Metrics\":["
                + declare(MetricNames.RECORDS_APPLIED, "Count") + "," + declare(MetricNames.RECORDS_SKIPPED, "Count")
                + ","
                + declare(MetricNames.RECORDS_QUARANTINED, "Count") + ","
                + declare(MetricNames.DUPLICATE_RECORDS_SKIPPED, "Count") + ","
                + declare(MetricNames.TRANSACTIONS_COMMITTED, "Count") + ","
                + declare(MetricNames.BATCH_DURATION_MS, "Milliseconds") + "]}]},"
                + "\"" + MetricNames.DIMENSION_FUNCTION_NAME + "\":" + JsonText.quote(functionName)
                + value(MetricNames.RECORDS_APPLIED, report.applied())
                + value(MetricNames.RECORDS_SKIPPED, report.skipped())
                + value(MetricNames.RECORDS_QUARANTINED, report.quarantined())
                + value(MetricNames.DUPLICATE_RECORDS_SKIPPED, report.duplicates())
                + value(MetricNames.TRANSACTIONS_COMMITTED, report.transactions())
                + value(MetricNames.BATCH_DURATION_MS, durationMillis) + "}";
    }

    private static String declare(String metric, String unit) {
        return "{\"Name\":\"" + metric + "\",\"Unit\":\"" + unit + "\"}";
    }

    private static String value(String metric, long value) {
        return ",\"" + metric + "\":" + value;
    }
}
