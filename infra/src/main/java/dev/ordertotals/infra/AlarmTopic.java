package dev.ordertotals.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where alarms are sent when context {@code alarmEmail} is set: an SNS topic encrypted with its own KMS key and
 * refusing non-TLS publishers, with one e-mail subscription (confirmed by the recipient).
 *
 * <p>Its own key because CloudWatch cannot publish to a topic encrypted with the AWS-managed {@code aws/sns} key:
 * that key's policy cannot be changed to let {@code cloudwatch.amazonaws.com} use it.
 */
public final class AlarmTopic extends Construct {

    private static final ServicePrincipal CLOUDWATCH = new ServicePrincipal("cloudwatch.amazonaws.com");

    private final Topic topic;
    private final Key key;

    AlarmTopic(Construct scope, String id, String email) {
        super(scope, id);
        this.key = Key.Builder.create(this, "Key")
                .description("Encrypts the order-totals alarm topic")
                .enableKeyRotation(true)
                // Encrypts only alarm notifications in transit through SNS: nothing to keep after the stack.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // CloudWatch encrypts the notifications it publishes with this key.
        key.grant(CLOUDWATCH, "kms:Decrypt", "kms:GenerateDataKey*");
        this.topic = Topic.Builder.create(this, "Topic")
                .displayName("Order totals alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        allowAlarmsOfThisAccount();
        topic.addSubscription(EmailSubscription.Builder.create(email).build());
    }

    /**
     * The TLS-only statement makes this a custom topic policy, which drops SNS's default grant to the owning
     * account; CloudWatch then needs its own, limited to this account's alarms (no confused deputy).
     */
    private void allowAlarmsOfThisAccount() {
        Stack stack = Stack.of(this);
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowThisAccountsAlarms")
                .principals(List.of(CLOUDWATCH))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(new TreeMap<>(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike",
                                Map.of(
                                        "aws:SourceArn",
                                        stack.formatArn(ArnComponents.builder()
                                                .service("cloudwatch")
                                                .resource("alarm")
                                                .resourceName("*")
                                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                                .build())))))
                .build());
    }

    public Topic topic() {
        return topic;
    }

    public Key key() {
        return key;
    }
}
