package dev.ordertotals.infra;

import java.util.List;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * The four conditions someone has to act on (README "Operating" says what to do for each). Every alarm treats
 * missing data as not breaching: no invocations, no failed batches and no quarantined records publish nothing,
 * and that is the healthy state.
 */
public final class AggregatorAlarms extends Construct {

    private static final int MILLIS_PER_SECOND = 1000;

    private final Alarm streamLag;
    private final Alarm functionErrors;
    private final Alarm failedBatches;
    private final Alarm quarantinedRecords;

    AggregatorAlarms(Construct scope, String id, AggregatorMetrics metrics, int iteratorAgeAlarmSeconds) {
        super(scope, id);
        this.streamLag = alarm(
                "StreamLag",
                metrics.iteratorAge(),
                iteratorAgeAlarmSeconds * MILLIS_PER_SECOND,
                "Totals are more than " + iteratorAgeAlarmSeconds + " s behind the orders stream (IteratorAge). "
                        + "Look at the function's Errors and Throttles; records expire from the stream after 24 h.");
        this.functionErrors = alarm(
                "FunctionErrors",
                metrics.errors(),
                0,
                "The aggregation function failed a whole invocation (exception, timeout, out of memory); the event "
                        + "source retries the batch. Read the function's log.");
        this.failedBatches = alarm(
                "FailedBatches",
                metrics.failedBatchesWaiting(),
                0,
                "The event source gave up on a batch and put its shard and sequence range on the on-failure queue. "
                        + "Fix the cause, then run the replay tool before the stream's 24 h retention runs out.");
        this.quarantinedRecords = alarm(
                "QuarantinedRecords",
                metrics.recordsQuarantined(),
                0,
                "The handler quarantined an order it cannot aggregate. Query the state table partition pk = quarantine "
                        + "and fix the order in the orders table.");
    }

    private Alarm alarm(String id, Metric metric, int threshold, String description) {
        return Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
    }

    /** Sends every alarm's ALARM transition to {@code action}. */
    void notify(IAlarmAction action) {
        all().forEach(alarm -> alarm.addAlarmAction(action));
    }

    public List<Alarm> all() {
        return List.of(streamLag, functionErrors, failedBatches, quarantinedRecords);
    }

    public Alarm streamLag() {
        return streamLag;
    }

    public Alarm functionErrors() {
        return functionErrors;
    }

    public Alarm failedBatches() {
        return failedBatches;
    }

    public Alarm quarantinedRecords() {
        return quarantinedRecords;
    }
}
