package dev.ordertotals.infra;

import java.util.Optional;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.constructs.Construct;

/**
 * Observability of the aggregation: the alarms, the dashboard, and (only when {@code alarmEmail} is set) the
 * topic every alarm notifies.
 */
public final class AggregatorMonitoring extends Construct {

    private final AggregatorAlarms alarms;
    private final AggregatorDashboard dashboard;
    private final Optional<AlarmTopic> topic;

    public AggregatorMonitoring(
            Construct scope,
            String id,
            OrderTotalsSettings settings,
            AggregatorFunction aggregator,
            OnFailureQueue onFailure) {
        super(scope, id);
        AggregatorMetrics metrics =
                new AggregatorMetrics(settings.metricsNamespace(), aggregator.function(), onFailure.queue());
        this.alarms = new AggregatorAlarms(this, "Alarms", metrics, settings.iteratorAgeAlarmSeconds());
        this.dashboard = new AggregatorDashboard(this, "Dashboard", metrics, alarms);
        this.topic = settings.alarmEmail().map(email -> new AlarmTopic(this, "AlarmTopic", email));
        topic.ifPresent(target -> alarms.notify(new SnsAction(target.topic())));
        if (topic.isEmpty()) {
            alarms.all()
                    .forEach(alarm -> NagSuppression.suppressInCompliancePacks(
                            alarm,
                            NagSuppression.ALARM_ACTION,
                            "Context alarmEmail is not set, so there is no notification target: the alarm is shown on the "
                                    + "stack's dashboard and in the CloudWatch console. Setting alarmEmail makes every alarm "
                                    + "notify an encrypted SNS topic, and this finding no longer arises."));
        }
    }

    public AggregatorAlarms alarms() {
        return alarms;
    }

    public AggregatorDashboard dashboard() {
        return dashboard;
    }

    public Optional<AlarmTopic> topic() {
        return topic;
    }
}
