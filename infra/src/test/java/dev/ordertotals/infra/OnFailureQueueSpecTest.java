package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The on-failure queue: encrypted, TLS-only, keeping failed-batch metadata as long as SQS allows. */
class OnFailureQueueSpecTest {

    private static final int FOURTEEN_DAYS_IN_SECONDS = 14 * 24 * 60 * 60;

    private static Synthesized deployed;
    private static Map<String, Object> queue;

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        queue = deployed.properties(deployed.stack().onFailure().queue());
    }

    @Test
    void stackHasExactlyOneQueue() {
        deployed.template().resourceCountIs("AWS::SQS::Queue", 1);
    }

    @Test
    void queueIsEncryptedWithSqsManagedKeys() {
        assertThat(queue).containsEntry("SqsManagedSseEnabled", true);
    }

    @Test
    void queueKeepsMessagesFourteenDays() {
        assertThat(queue).containsEntry("MessageRetentionPeriod", FOURTEEN_DAYS_IN_SECONDS);
    }

    @Test
    void queuePolicyDeniesEveryRequestWithoutTls() {
        String queueId = deployed.logicalId(deployed.stack().onFailure().queue());
        Map<String, Map<String, Object>> policies = deployed.resourcesOfType("AWS::SQS::QueuePolicy");
        assertThat(policies).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> policy =
                (Map<String, Object>) policies.values().iterator().next().get("Properties");
        assertThat(policy.get("Queues")).isEqualTo(List.of(ref(queueId)));
        assertThat(policy.get("PolicyDocument"))
                .isEqualTo(Map.of(
                        "Version",
                        "2012-10-17",
                        "Statement",
                        List.of(Map.of(
                                "Effect", "Deny",
                                "Principal", Map.of("AWS", "*"),
                                "Action", "sqs:*",
                                "Resource", getAtt(queueId, "Arn"),
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))));
    }
}
