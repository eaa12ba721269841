package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.constructs.IConstruct;

/** The four alarms: stream lag, whole-invocation errors, given-up batches, quarantined records. */
class AlarmsSpecTest {

    private static final String ALARM = "AWS::CloudWatch::Alarm";
    private static final String ABOVE = "GreaterThanThreshold";

    private static Synthesized deployed;
    private static AggregatorAlarms alarms;
    private static String functionId;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        alarms = deployed.stack().monitoring().alarms();
        functionId = deployed.logicalId(deployed.stack().aggregator().function());
    }

    @Test
    void stackHasExactlyTheFourAlarms() {
        assertThat(deployed.resourcesOfType(ALARM).keySet())
                .containsExactlyInAnyOrderElementsOf(
                        alarms.all().stream().map(deployed::logicalId).toList());
    }

    @Test
    void streamLagAlarmsWhenTheOldestRecordIsOlderThanSixtySeconds() {
        assertThat(properties(alarms.streamLag()))
                .containsAllEntriesOf(Map.of(
                        "Namespace",
                        Contract.AWS_LAMBDA,
                        "MetricName",
                        "IteratorAge",
                        "Dimensions",
                        List.of(Map.of("Name", "FunctionName", "Value", ref(functionId))),
                        "Statistic",
                        "Maximum",
                        "ComparisonOperator",
                        ABOVE,
                        "Threshold",
                        60_000));
    }

    @Test
    void streamLagThresholdComesFromContextInSeconds() {
        Synthesized customized = SynthesizedStack.customized();
        assertThat(customized.properties(
                        customized.stack().monitoring().alarms().streamLag()))
                .containsEntry("Threshold", ContextOverrides.ITERATOR_AGE_ALARM_SECONDS * 1000);
    }

    @Test
    void functionErrorsAlarmOnAnyFailedInvocation() {
        assertThat(properties(alarms.functionErrors()))
                .containsAllEntriesOf(Map.of(
                        "Namespace",
                        Contract.AWS_LAMBDA,
                        "MetricName",
                        "Errors",
                        "Dimensions",
                        List.of(Map.of("Name", "FunctionName", "Value", ref(functionId))),
                        "Statistic",
                        "Sum",
                        "ComparisonOperator",
                        ABOVE,
                        "Threshold",
                        0));
    }

    @Test
    void failedBatchesAlarmOnAnyMessageInTheOnFailureQueue() {
        String queueId = deployed.logicalId(deployed.stack().onFailure().queue());
        assertThat(properties(alarms.failedBatches()))
                .containsAllEntriesOf(Map.of(
                        "Namespace",
                        Contract.AWS_SQS,
                        "MetricName",
                        "ApproximateNumberOfMessagesVisible",
                        "Dimensions",
                        List.of(Map.of("Name", "QueueName", "Value", getAtt(queueId, "QueueName"))),
                        "Statistic",
                        "Maximum",
                        "ComparisonOperator",
                        ABOVE,
                        "Threshold",
                        0));
    }

    @Test
    void quarantinedRecordsAlarmOnAnyQuarantineTheHandlerReports() {
        assertThat(properties(alarms.quarantinedRecords()))
                .containsAllEntriesOf(Map.of(
                        "Namespace",
                        Contract.DEFAULT_METRICS_NAMESPACE,
                        "MetricName",
                        Contract.RECORDS_QUARANTINED,
                        "Dimensions",
                        List.of(Map.of("Name", Contract.METRIC_DIMENSION, "Value", ref(functionId))),
                        "Statistic",
                        "Sum",
                        "ComparisonOperator",
                        ABOVE,
                        "Threshold",
                        0));
    }

    @Test
    void quarantineAlarmReadsTheNamespaceTheFunctionIsGiven() {
        Synthesized customized = SynthesizedStack.customized();
        assertThat(customized.properties(
                        customized.stack().monitoring().alarms().quarantinedRecords()))
                .containsEntry("Namespace", ContextOverrides.METRICS_NAMESPACE);
    }

    @Test
    void everyAlarmTreatsMissingDataAsNotBreaching() {
        assertThat(alarms.all())
                .allSatisfy(alarm -> assertThat(properties(alarm)).containsEntry("TreatMissingData", "notBreaching"));
    }

    @Test
    void everyAlarmLooksAtOneMinute() {
        assertThat(alarms.all())
                .allSatisfy(alarm -> assertThat(properties(alarm))
                        .containsEntry("Period", 60)
                        .containsEntry("EvaluationPeriods", 1));
    }

    @Test
    void everyAlarmSaysWhatToDo() {
        assertThat(alarms.all())
                .allSatisfy(alarm -> assertThat((String) properties(alarm).get("AlarmDescription"))
                        .hasSizeGreaterThan(40));
    }

    @Test
    void alarmsNotifyNobodyWithoutAnAlarmEmail() {
        deployed.template().resourceCountIs("AWS::SNS::Topic", 0);
        assertThat(alarms.all())
                .allSatisfy(alarm -> assertThat(properties(alarm)).doesNotContainKey("AlarmActions"));
    }

    private static Map<String, Object> properties(IConstruct alarm) {
        return deployed.properties(alarm);
    }
}
