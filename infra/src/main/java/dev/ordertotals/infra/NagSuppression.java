package dev.ordertotals.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions (AwsSolutions, NIST 800-53 rev 5, HIPAA Security). Each one names one resource and one rule,
 * narrowed to the exact finding with {@code appliesTo} where the rule reports one, and carries the reason a reviewer
 * needs; never stack-wide.
 */
final class NagSuppression {

    /**
     * The compliance packs {@link OrderTotalsApp} runs besides AwsSolutions. They share the rules this stack meets
     * (a rule {@code X} is {@code NIST.800.53.R5-X} and {@code HIPAA.Security-X}), so one decision is recorded
     * under both ids, on the one resource.
     */
    static final List<String> COMPLIANCE_PACKS = List.of("NIST.800.53.R5", "HIPAA.Security");

    /** DynamoDB table is not in an AWS Backup plan. */
    static final String IN_BACKUP_PLAN = "DynamoDBInBackupPlan";
    /** CloudWatch log group is not encrypted with a KMS key. */
    static final String LOG_GROUP_ENCRYPTED = "CloudWatchLogGroupEncrypted";
    /** An IAM policy is a role's inline (or standalone AWS::IAM::Policy) policy, not a managed one. */
    static final String NO_INLINE_POLICY = "IAMNoInlinePolicy";
    /** Lambda function has no reserved concurrency. */
    static final String LAMBDA_CONCURRENCY = "LambdaConcurrency";
    /** Lambda function has no dead-letter queue (DeadLetterConfig). */
    static final String LAMBDA_DLQ = "LambdaDLQ";
    /** Lambda function is not attached to a VPC. */
    static final String LAMBDA_INSIDE_VPC = "LambdaInsideVPC";
    /** CloudWatch alarm has no action. */
    static final String ALARM_ACTION = "CloudWatchAlarmAction";

    /** IAM policy grants a wildcard action or resource. */
    static final String IAM5 = "AwsSolutions-IAM5";
    /** SQS queue has no dead-letter queue of its own. */
    static final String SQS3 = "AwsSolutions-SQS3";

    /** The {@code appliesTo} finding IAM5 reports for {@code Resource: "*"}. */
    static final String ANY_RESOURCE = "Resource::*";

    private NagSuppression() {}

    /** Suppresses the compliance packs' {@code rule} ({@link #COMPLIANCE_PACKS}) on {@code resource} itself. */
    static void suppressInCompliancePacks(IConstruct resource, String rule, String reason) {
        COMPLIANCE_PACKS.forEach(pack -> suppress(resource, pack + "-" + rule, reason));
    }

    /** Suppresses {@code rule} on {@code resource} itself (not its children), only for the listed findings if any. */
    static void suppress(IConstruct resource, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression =
                NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(resource, List.of(suppression.build()), false);
    }
}
