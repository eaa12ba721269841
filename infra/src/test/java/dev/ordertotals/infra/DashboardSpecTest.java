package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard, read from its rendered body. References to resources inside it (the function, queue, alarms)
 * become placeholders such as {@code <Ref:AggregatorFunctionFE0A4360>}, so the body parses as JSON and a graph
 * of the wrong function fails.
 */
class DashboardSpecTest {

    private static Synthesized deployed;
    private static List<Map<String, Object>> widgets;
    private static String function;

    @BeforeAll
    static void synthesize() throws JsonProcessingException {
        deployed = SynthesizedStack.deployedStack();
        deployed.template().resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        Map<String, Object> body = new ObjectMapper()
                .readValue(
                        render(deployed.properties(deployed.stack()
                                        .monitoring()
                                        .dashboard()
                                        .dashboard())
                                .get("DashboardBody")),
                        new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) body.get("widgets");
        widgets = all;
        function = "<Ref:" + deployed.logicalId(deployed.stack().aggregator().function()) + ">";
    }

    @Test
    void dashboardShowsTheStateOfEveryAlarm() {
        List<String> alarmArns = deployed.stack().monitoring().alarms().all().stream()
                .map(alarm -> "<GetAtt:" + deployed.logicalId(alarm) + ".Arn>")
                .toList();
        assertThat(widget("Alarms")).containsEntry("alarms", alarmArns);
    }

    @Test
    void dashboardShowsRecordsAppliedPerMinute() {
        assertThat(metrics("Records per minute"))
                .contains(List.of(
                        Contract.DEFAULT_METRICS_NAMESPACE,
                        Contract.RECORDS_APPLIED,
                        Contract.METRIC_DIMENSION,
                        function,
                        Map.of("label", "Applied", "period", 60, "stat", "Sum")));
    }

    @Test
    void dashboardShowsStreamLagAgainstTheAlarmThreshold() {
        assertThat(metrics("Stream lag: iterator age, max (ms)"))
                .containsExactly(List.of(
                        Contract.AWS_LAMBDA,
                        "IteratorAge",
                        "FunctionName",
                        function,
                        Map.of("label", "Iterator age", "period", 60, "stat", "Maximum")));
        assertThat(widget("Stream lag: iterator age, max (ms)").get("annotations"))
                .asString()
                .contains("value=60000");
    }

    @Test
    void dashboardShowsErrorsAndThrottles() {
        assertThat(metrics("Errors and throttles"))
                .extracting(line -> line.subList(0, 4))
                .containsExactly(
                        List.of(Contract.AWS_LAMBDA, "Errors", "FunctionName", function),
                        List.of(Contract.AWS_LAMBDA, "Throttles", "FunctionName", function));
    }

    @Test
    void dashboardShowsQuarantinedRecords() {
        assertThat(metrics("Quarantined records"))
                .extracting(line -> line.subList(0, 4))
                .containsExactly(List.of(
                        Contract.DEFAULT_METRICS_NAMESPACE,
                        Contract.RECORDS_QUARANTINED,
                        Contract.METRIC_DIMENSION,
                        function));
    }

    @Test
    void dashboardShowsDurationP50AndP99() {
        assertThat(metrics("Duration (ms)"))
                .filteredOn(line -> line.get(1).equals("Duration"))
                .extracting(line -> (Object) ((Map<?, ?>) line.get(4)).get("stat"))
                .containsExactly("p50", "p99");
    }

    @Test
    void dashboardShowsTheOnFailureQueueDepth() {
        String queue =
                "<GetAtt:" + deployed.logicalId(deployed.stack().onFailure().queue()) + ".QueueName>";
        assertThat(metrics("On-failure queue: batches waiting for replay"))
                .extracting(line -> line.subList(0, 4))
                .containsExactly(List.of(Contract.AWS_SQS, "ApproximateNumberOfMessagesVisible", "QueueName", queue));
    }

    private static Map<String, Object> widget(String title) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> matching = widgets.stream()
                .filter(widget -> title.equals(((Map<String, Object>) widget.get("properties")).get("title")))
                .map(widget -> (Map<String, Object>) widget.get("properties"))
                .toList();
        assertThat(matching).as("widgets titled %s", title).hasSize(1);
        return matching.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> metrics(String title) {
        return (List<List<Object>>) widget(title).get("metrics");
    }

    /** Flattens {"Fn::Join": ["", [...]]} to a string, writing each reference as a placeholder. */
    @SuppressWarnings("unchecked")
    private static String render(Object body) {
        List<Object> join = (List<Object>) ((Map<String, Object>) body).get("Fn::Join");
        return ((List<Object>) join.get(1))
                .stream()
                        .map(part -> switch (part) {
                            case String text -> text;
                            case Map<?, ?> reference
                            when reference.containsKey("Ref") -> "<Ref:" + reference.get("Ref") + ">";
                            case Map<?, ?> reference
                            when reference.containsKey("Fn::GetAtt") ->
                                "<GetAtt:" + String.join(".", (List<String>) reference.get("Fn::GetAtt")) + ">";
                            default -> throw new AssertionError("unexpected part of the dashboard body: " + part);
                        })
                        .collect(Collectors.joining());
    }
}
