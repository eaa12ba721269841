package dev.ordertotals.infra;

import dev.ordertotals.contract.MetricNames;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * The metrics the alarms and the dashboard read: Lambda's and SQS's own, and the handler's EMF metrics.
 *
 * <p>The handler's side of the contract: it writes EMF to its log in the namespace named by the environment
 * variable {@code METRICS_NAMESPACE}, with the single dimension {@code FunctionName} set to
 * {@code AWS_LAMBDA_FUNCTION_NAME} (the unqualified name, which is what {@code Ref} of the function gives here),
 * and the metric names below: counts, plus {@code BatchDurationMs} in milliseconds.
 *
 * <p>Lambda's metrics are read at function level (dimension {@code FunctionName} only), which aggregates every
 * version and alias: the event source invokes the {@code live} alias, and nothing else invokes the function.
 */
public final class AggregatorMetrics {

    /** Lambda publishes per minute; coarser periods would hide a short stall from the lag alarm. */
    static final Duration PERIOD = Duration.minutes(1);

    private final String namespace;
    private final IFunction function;
    private final IQueue onFailureQueue;

    AggregatorMetrics(String namespace, IFunction function, IQueue onFailureQueue) {
        this.namespace = namespace;
        this.function = function;
        this.onFailureQueue = onFailureQueue;
    }

    /** One of the handler's EMF metrics, for this function only. */
    Metric handlerMetric(String metricName, String statistic) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(metricName)
                .dimensionsMap(Map.of(MetricNames.DIMENSION_FUNCTION_NAME, function.getFunctionName()))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    Metric recordsQuarantined() {
        return handlerMetric(MetricNames.RECORDS_QUARANTINED, Stats.SUM);
    }

    /** Age of the newest batch's oldest record when it was read: how far behind the stream the totals are. */
    Metric iteratorAge() {
        return function.metric("IteratorAge", options(Stats.MAXIMUM));
    }

    Metric errors() {
        return function.metricErrors(options(Stats.SUM));
    }

    Metric throttles() {
        return function.metricThrottles(options(Stats.SUM));
    }

    Metric duration(String percentile) {
        return function.metricDuration(options(percentile));
    }

    /** Batches the event source gave up on, waiting for {@code replay}. */
    Metric failedBatchesWaiting() {
        return onFailureQueue.metricApproximateNumberOfMessagesVisible(options(Stats.MAXIMUM));
    }

    private static MetricOptions options(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }
}
