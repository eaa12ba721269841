package dev.ordertotals.handler;

import dev.ordertotals.commit.BatchReport;
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

    public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "OrderTotals";
    private static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

    private final String namespace;
    private final String functionName;
    private final PrintStream out;

    public BatchMetrics(String namespace, String functionName, PrintStream out) {
        this.namespace = namespace;
        this.functionName = functionName;
        this.out = out;
    }

    public static BatchMetrics fromEnvironment(Map<String, String> env, PrintStream out) {
        return new BatchMetrics(env.getOrDefault(NAMESPACE_VARIABLE, DEFAULT_NAMESPACE),
                env.getOrDefault(FUNCTION_NAME_VARIABLE, "local"), out);
    }

    public void publish(BatchReport report, long durationMillis, long timestampMillis) {
        out.println(line(report, durationMillis, timestampMillis));
    }

    String line(BatchReport report, long durationMillis, long timestampMillis) {
        return "{\"_aws\":{\"Timestamp\":" + timestampMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":" + quote(namespace)
                + ",\"Dimensions\":[[\"FunctionName\"]],\"Metrics\":["
                + "{\"Name\":\"RecordsApplied\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"RecordsSkipped\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"RecordsQuarantined\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"DuplicateRecordsSkipped\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"TransactionsCommitted\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"BatchDurationMs\",\"Unit\":\"Milliseconds\"}]}]},"
                + "\"FunctionName\":" + quote(functionName)
                + ",\"RecordsApplied\":" + report.applied()
                + ",\"RecordsSkipped\":" + report.skipped()
                + ",\"RecordsQuarantined\":" + report.quarantined()
                + ",\"DuplicateRecordsSkipped\":" + report.duplicates()
                + ",\"TransactionsCommitted\":" + report.transactions()
                + ",\"BatchDurationMs\":" + durationMillis + "}";
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
