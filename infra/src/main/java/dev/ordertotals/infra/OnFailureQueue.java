package dev.ordertotals.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Where the event source sends the metadata (shard, sequence-number range) of a batch it gave up on, for the
 * {@code replay} tool. Encrypted (SQS-managed keys, or the {@code encryptionKey}), TLS-only, kept 14 days (SQS's
 * maximum).
 *
 * <p>Also the event source's on-failure destination: unlike CDK's {@code SqsDlq}, which grants
 * {@code sqs:SendMessage}, {@code GetQueueAttributes} and {@code GetQueueUrl}, it grants only the one action
 * Lambda uses to deliver the metadata, and with a customer-managed key the two KMS actions SQS requires of a
 * sender: {@code kms:GenerateDataKey} (the message's data key) and {@code kms:Decrypt} (to reuse it).
 */
public final class OnFailureQueue extends Construct implements IEventSourceDlq {

    private final Queue queue;

    public OnFailureQueue(Construct scope, String id, RemovalPolicy removalPolicy, DataEncryption encryption) {
        super(scope, id);
        this.queue = encryption.build(Queue.Builder.create(this, "Queue")
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .removalPolicy(removalPolicy));
        NagSuppression.suppress(
                queue,
                NagSuppression.SQS3,
                "This queue is itself the event source's on-failure (dead-letter) destination. Its messages are batch "
                        + "metadata for the replay tool, kept 14 days (the SQS maximum) and alarmed on while visible; "
                        + "a dead-letter queue behind it would only move them out of sight of that alarm.");
    }

    public Queue queue() {
        return queue;
    }

    @Override
    public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
        targetHandler.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("SendFailedBatchMetadata")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .build());
        Optional.ofNullable(queue.getEncryptionMasterKey())
                .ifPresent(key -> targetHandler.addToRolePolicy(PolicyStatement.Builder.create()
                        .sid("EncryptFailedBatchMetadata")
                        .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                        .resources(List.of(key.getKeyArn()))
                        .build()));
        return DlqDestinationConfig.builder().destination(queue.getQueueArn()).build();
    }
}
