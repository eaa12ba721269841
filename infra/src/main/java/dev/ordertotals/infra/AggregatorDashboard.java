package dev.ordertotals.infra;

import dev.ordertotals.contract.MetricNames;
import java.util.List;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.constructs.Construct;

/**
 * One page to answer "are the totals keeping up, and is anything waiting for a person": alarm states on top,
 * then throughput and lag, failures, latency and the on-failure queue, one minute per data point.
 */
public final class AggregatorDashboard extends Construct {

    private static final int HALF_WIDTH = 12;
    private static final int FULL_WIDTH = 24;
    private static final int HEIGHT = 6;

    private final Dashboard dashboard;

    AggregatorDashboard(Construct scope, String id, AggregatorMetrics metrics, AggregatorAlarms alarms) {
        super(scope, id);
        // No fixed name: dashboards are global to the account, so a fixed name would clash across regions.
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .widgets(List.of(
                        List.of(AlarmStatusWidget.Builder.create()
                                .title("Alarms")
                                .alarms(List.copyOf(alarms.all()))
                                .width(FULL_WIDTH)
                                .height(2)
                                .build()),
                        List.of(
                                graph(
                                        "Records per minute",
                                        metrics.handlerMetric(MetricNames.RECORDS_APPLIED, Stats.SUM)
                                                .with(label("Applied")),
                                        metrics.handlerMetric(MetricNames.RECORDS_SKIPPED, Stats.SUM)
                                                .with(label("Skipped (no quantity change)")),
                                        metrics.handlerMetric(MetricNames.DUPLICATE_RECORDS_SKIPPED, Stats.SUM)
                                                .with(label("Duplicates skipped"))),
                                lag(metrics, alarms)),
                        List.of(
                                graph(
                                        "Errors and throttles",
                                        metrics.errors().with(label("Errors")),
                                        metrics.throttles().with(label("Throttles"))),
                                graph(
                                        "Quarantined records",
                                        metrics.recordsQuarantined().with(label("Quarantined")))),
                        List.of(
                                graph(
                                        "Duration (ms)",
                                        metrics.duration(Stats.p(50)).with(label("Invocation p50")),
                                        metrics.duration(Stats.p(99)).with(label("Invocation p99")),
                                        metrics.handlerMetric(MetricNames.BATCH_DURATION_MS, Stats.p(50))
                                                .with(label("Batch p50")),
                                        metrics.handlerMetric(MetricNames.BATCH_DURATION_MS, Stats.p(99))
                                                .with(label("Batch p99"))),
                                graph(
                                        "On-failure queue: batches waiting for replay",
                                        metrics.failedBatchesWaiting().with(label("Messages visible"))))))
                .build();
    }

    /** Iterator age in seconds would read better, but ms is what Lambda publishes and the alarm compares. */
    private static IWidget lag(AggregatorMetrics metrics, AggregatorAlarms alarms) {
        return GraphWidget.Builder.create()
                .title("Stream lag: iterator age, max (ms)")
                .left(List.of(metrics.iteratorAge().with(label("Iterator age"))))
                .leftAnnotations(List.of(alarms.streamLag().toAnnotation()))
                .width(HALF_WIDTH)
                .height(HEIGHT)
                .build();
    }

    private static IWidget graph(String title, IMetric... lines) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(List.of(lines))
                .width(HALF_WIDTH)
                .height(HEIGHT)
                .build();
    }

    private static MetricOptions label(String label) {
        return MetricOptions.builder().label(label).build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
