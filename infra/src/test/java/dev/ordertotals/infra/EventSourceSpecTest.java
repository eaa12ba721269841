package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;

/** How the orders stream reaches the function: batch size, start, retries, partial failures, give-up destination. */
class EventSourceSpecTest {

    private static final String MAPPING = "AWS::Lambda::EventSourceMapping";

    private static Synthesized deployed;
    private static Map<String, Object> mapping;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        mapping = onlyMapping(deployed);
    }

    @Test
    void stackHasExactlyOneEventSourceMapping() {
        deployed.template().resourceCountIs(MAPPING, 1);
    }

    @Test
    void mappingReadsTheOrdersTableStream() {
        Capture source = new Capture();
        deployed.template().hasResourceProperties(MAPPING, Map.of("EventSourceArn", source));
        assertThat(source.asObject())
                .isEqualTo(getAtt(deployed.logicalId(deployed.stack().orders().table()), "StreamArn"));
    }

    @Test
    void mappingInvokesTheLiveAliasNotLatest() throws JsonProcessingException {
        Capture target = new Capture();
        deployed.template().hasResourceProperties(MAPPING, Map.of("FunctionName", target));
        // CDK names the alias as "<function name from the alias ARN>:live"; a bare function Ref would mean $LATEST.
        String rendered = new ObjectMapper().writeValueAsString(target.asObject());
        assertThat(rendered)
                .contains("{\"Ref\":\""
                        + deployed.logicalId(deployed.stack().aggregator().alias()) + "\"}")
                .endsWith("\":" + Contract.ALIAS + "\"]]}")
                .doesNotContain(deployed.logicalId(deployed.stack().aggregator().function()))
                .doesNotContain("$LATEST");
    }

    @Test
    void batchSizeDefaultsToTwoRecords() {
        assertThat(mapping.get("BatchSize")).isEqualTo(2);
    }

    @Test
    void batchSizeComesFromContext() {
        assertThat(onlyMapping(SynthesizedStack.customized()).get("BatchSize")).isEqualTo(ContextOverrides.BATCH_SIZE);
    }

    @Test
    void batchSizeAcceptsTheStringCdkDashCPasses() {
        assertThat(onlyMapping(SynthesizedStack.customizedFromCli()).get("BatchSize"))
                .isEqualTo(ContextOverrides.BATCH_SIZE);
    }

    @Test
    void mappingStartsAtTheOldestRecordInTheStream() {
        assertThat(mapping.get("StartingPosition")).isEqualTo("TRIM_HORIZON");
    }

    @Test
    void functionReportsFailedRecordsIndividually() {
        assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
    }

    @Test
    void failingBatchIsRetriedTenTimes() {
        assertThat(mapping.get("MaximumRetryAttempts")).isEqualTo(10);
    }

    @Test
    void recordsOlderThanSixHoursAreGivenUp() {
        assertThat(mapping.get("MaximumRecordAgeInSeconds")).isEqualTo(6 * 60 * 60);
    }

    @Test
    void failingBatchIsBisectedOnRetry() {
        assertThat(mapping.get("BisectBatchOnFunctionError")).isEqualTo(true);
    }

    @Test
    void givenUpBatchesGoToTheOnFailureQueue() {
        Capture destination = new Capture();
        deployed.template()
                .hasResourceProperties(
                        MAPPING, Map.of("DestinationConfig", Map.of("OnFailure", Map.of("Destination", destination))));
        assertThat(destination.asObject())
                .isEqualTo(
                        getAtt(deployed.logicalId(deployed.stack().onFailure().queue()), "Arn"));
    }

    private static Map<String, Object> onlyMapping(Synthesized synthesized) {
        Map<String, Map<String, Object>> mappings = synthesized.resourcesOfType(MAPPING);
        assertThat(mappings).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties =
                (Map<String, Object>) mappings.values().iterator().next().get("Properties");
        return properties;
    }
}
