package dev.ordertotals.infra;

import java.util.List;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.IConstruct;

/**
 * cdk-nag (AwsSolutions) suppressions. Each one names one resource and one rule, narrowed to the exact finding
 * with {@code appliesTo} where the rule reports one, and carries the reason a reviewer needs; never stack-wide.
 */
final class NagSuppression {

    /** IAM policy grants a wildcard action or resource. */
    static final String IAM5 = "AwsSolutions-IAM5";
    /** SQS queue has no dead-letter queue of its own. */
    static final String SQS3 = "AwsSolutions-SQS3";

    /** The {@code appliesTo} finding IAM5 reports for {@code Resource: "*"}. */
    static final String ANY_RESOURCE = "Resource::*";

    private NagSuppression() {
    }

    /** Suppresses {@code rule} on {@code resource} itself (not its children), only for the listed findings if any. */
    static void suppress(IConstruct resource, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(resource, List.of(suppression.build()), false);
    }
}
