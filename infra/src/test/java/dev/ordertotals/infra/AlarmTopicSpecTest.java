package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static dev.ordertotals.infra.Synthesized.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code alarmEmail}: an encrypted, TLS-only topic that every alarm notifies and that mails the address. */
class AlarmTopicSpecTest {

    private static Synthesized customized;
    private static AlarmTopic topic;
    private static String topicId;

    @BeforeAll
    static void synthesize() {
        customized = SynthesizedStack.customized();
        topic = customized.stack().monitoring().topic().orElseThrow();
        topicId = customized.logicalId(topic.topic());
    }

    @Test
    void alarmEmailCreatesExactlyOneTopic() {
        customized.template().resourceCountIs("AWS::SNS::Topic", 1);
    }

    @Test
    void topicMailsTheAlarmEmail() {
        assertThat(customized.resourcesOfType("AWS::SNS::Subscription").values())
                .extracting(subscription -> subscription.get("Properties"))
                .containsExactly(Map.of(
                        "Protocol", "email", "Endpoint", ContextOverrides.ALARM_EMAIL, "TopicArn", ref(topicId)));
    }

    @Test
    void everyAlarmNotifiesTheTopic() {
        assertThat(customized.stack().monitoring().alarms().all())
                .allSatisfy(alarm -> assertThat(customized.properties(alarm).get("AlarmActions"))
                        .isEqualTo(List.of(ref(topicId))));
    }

    @Test
    void topicIsEncryptedWithItsOwnKey() {
        assertThat(customized.properties(topic.topic()))
                .containsEntry("KmsMasterKeyId", getAtt(customized.logicalId(topic.key()), "Arn"));
    }

    @Test
    void topicKeyRotates() {
        assertThat(customized.properties(topic.key())).containsEntry("EnableKeyRotation", true);
    }

    @Test
    void cloudWatchMayEncryptWithTheTopicKey() {
        assertThat(keyPolicyStatements())
                .contains(Map.of(
                        "Effect",
                        "Allow",
                        "Principal",
                        Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action",
                        List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                        "Resource",
                        "*"));
    }

    @Test
    void topicRefusesPublishingWithoutTls() {
        assertThat(topicPolicyStatements())
                .anySatisfy(statement -> assertThat(statement)
                        .containsAllEntriesOf(Map.of(
                                "Effect", "Deny",
                                "Action", "sns:Publish",
                                "Principal", "*",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))));
    }

    @Test
    void onlyThisAccountsAlarmsMayPublish() {
        assertThat(topicPolicyStatements())
                .filteredOn(statement -> "Allow".equals(statement.get("Effect")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com"));
                    assertThat(statement.get("Action")).isEqualTo("sns:Publish");
                    assertThat(statement.get("Condition"))
                            .asString()
                            .contains("aws:SourceAccount", "AWS::AccountId", "aws:SourceArn", ":alarm:*");
                });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keyPolicyStatements() {
        return (List<Map<String, Object>>)
                ((Map<String, Object>) customized.properties(topic.key()).get("KeyPolicy")).get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> topicPolicyStatements() {
        Map<String, Map<String, Object>> policies = customized.resourcesOfType("AWS::SNS::TopicPolicy");
        assertThat(policies).hasSize(1);
        Map<String, Object> properties =
                (Map<String, Object>) policies.values().iterator().next().get("Properties");
        assertThat(properties.get("Topics")).asInstanceOf(LIST).containsExactly(ref(topicId));
        return (List<Map<String, Object>>) ((Map<String, Object>) properties.get("PolicyDocument")).get("Statement");
    }
}
