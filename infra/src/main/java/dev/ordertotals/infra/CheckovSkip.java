package dev.ordertotals.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * checkov skips, in the template: checkov reads them from a resource's {@code Metadata}
 * ({@code checkov: {skip: [{id, comment}]}}) and reports the check as skipped with the comment. As with
 * {@link NagSuppression}, each one names one resource and one check and carries the reason a reviewer needs; never
 * stack-wide.
 */
final class CheckovSkip {

    /** Lambda function has no function-level concurrency limit (ReservedConcurrentExecutions). */
    static final String LAMBDA_CONCURRENCY = "CKV_AWS_115";
    /** Lambda function has no dead-letter queue (DeadLetterConfig). */
    static final String LAMBDA_DLQ = "CKV_AWS_116";
    /** Lambda function is not attached to a VPC. */
    static final String LAMBDA_IN_VPC = "CKV_AWS_117";
    /** Lambda function has environment variables and no KmsKeyArn. */
    static final String LAMBDA_ENVIRONMENT_KEY = "CKV_AWS_173";
    /** DynamoDB table is not encrypted with a customer-managed key (SSESpecification KMSMasterKeyId). */
    static final String TABLE_CUSTOMER_KEY = "CKV_AWS_119";
    /** SQS queue has no KmsMasterKeyId (the CloudFormation check does not read SqsManagedSseEnabled). */
    static final String QUEUE_KMS_KEY = "CKV_AWS_27";
    /** CloudWatch log group has no KmsKeyId. */
    static final String LOG_GROUP_KMS_KEY = "CKV_AWS_158";

    private static final String METADATA_KEY = "checkov";

    private CheckovSkip() {}

    /** Skips {@code check} on {@code resource} (an L1 resource, or the L2 construct whose default child it is). */
    static void skip(IConstruct resource, String check, String reason) {
        CfnResource cfn = resource instanceof CfnResource l1
                ? l1
                : (CfnResource) resource.getNode().getDefaultChild();
        List<Map<String, String>> skips = new ArrayList<>(skipsOf(cfn));
        if (skips.stream().anyMatch(existing -> check.equals(existing.get("id")))) {
            throw new IllegalStateException(
                    check + " is already skipped on " + cfn.getNode().getPath());
        }
        Map<String, String> skip = new LinkedHashMap<>();
        skip.put("id", check);
        skip.put("comment", reason);
        skips.add(skip);
        cfn.addMetadata(METADATA_KEY, Map.of("skip", skips));
    }

    /** The skips already on the resource, as the metadata holds them. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> skipsOf(CfnResource cfn) {
        if (cfn.getMetadata(METADATA_KEY) instanceof Map<?, ?> checkov
                && checkov.get("skip") instanceof List<?> skips) {
            return (List<Map<String, String>>) skips;
        }
        return List.of();
    }
}
