package dev.ordertotals.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The key of the data at rest, from context {@code encryptionKey} ({@link EncryptionKey}): none (the services' own
 * keys), one the stack creates, or an existing one. Every store is built through {@code build}, so a table, queue
 * or log group added later follows the same setting by calling it too; without a key, {@code build} also records on
 * the resource why the service's own key suffices, for the scanners that ask for a customer-managed one.
 *
 * <p>Only the key policy of a key the stack creates is written here, and only for what a service principal needs
 * (CloudWatch Logs, for the function's log group). The function's own use of the key is granted on its role, next to
 * the table and queue actions it goes with.
 */
public final class DataEncryption extends Construct {

    /** The actions CloudWatch Logs performs with a log group's key (CloudWatch Logs User Guide, "Encrypt log data"). */
    static final List<String> LOGS_KEY_ACTIONS =
            List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*");

    static final String LOGS_ENCRYPTION_CONTEXT = "kms:EncryptionContext:aws:logs:arn";
    static final String LOGS_STATEMENT_WARNING = "order-totals:existingKeyMustAllowCloudWatchLogs";

    private final Optional<IKey> key;
    private final Optional<Key> createdKey;

    DataEncryption(Construct scope, String id, EncryptionKey setting, RemovalPolicy dataRemovalPolicy) {
        super(scope, id);
        this.createdKey =
                setting instanceof EncryptionKey.Create ? Optional.of(createKey(dataRemovalPolicy)) : Optional.empty();
        this.key = switch (setting) {
            case EncryptionKey.AwsManaged ignored -> Optional.empty();
            case EncryptionKey.Create ignored -> createdKey.map(IKey.class::cast);
            case EncryptionKey.Existing existing -> Optional.of(Key.fromKeyArn(this, "ExistingKey", existing.arn()));
        };
    }

    private Key createKey(RemovalPolicy dataRemovalPolicy) {
        return Key.Builder.create(this, "Key")
                .description("Encrypts the order-totals tables, on-failure queue and function logs")
                .enableKeyRotation(true)
                // The tables and queue are readable only with this key: it is kept exactly when they are.
                .removalPolicy(dataRemovalPolicy)
                .build();
    }

    /** The customer-managed key in use, if any. */
    public Optional<IKey> key() {
        return key;
    }

    /** The key when the stack created it (its policy and lifecycle are the stack's). */
    public Optional<Key> createdKey() {
        return createdKey;
    }

    /**
     * Builds a table encrypted with the key, or with the AWS-managed {@code aws/dynamodb} key when there is none (and
     * then says so to checkov, whose check asks for a customer-managed key).
     */
    Table build(Table.Builder builder) {
        Table table = key.map(customerKey ->
                        builder.encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(customerKey))
                .orElseGet(() -> builder.encryption(TableEncryption.AWS_MANAGED))
                .build();
        if (key.isEmpty()) {
            CheckovSkip.skip(
                    table,
                    CheckovSkip.TABLE_CUSTOMER_KEY,
                    "Encrypted at rest with the AWS-managed key aws/dynamodb (SSESpecification SSEEnabled, KMS). A "
                            + "customer-managed key is opt-in: context encryptionKey (create, or a key ARN) encrypts the "
                            + "tables, the queue and the log group with it, and this check passes.");
        }
        return table;
    }

    /**
     * Builds a queue encrypted with the key, or with SQS-managed keys (SSE-SQS) when there is none (and then says so
     * to checkov, whose CloudFormation check reads only {@code KmsMasterKeyId}).
     */
    Queue build(Queue.Builder builder) {
        Queue queue = key.map(
                        customerKey -> builder.encryption(QueueEncryption.KMS).encryptionMasterKey(customerKey))
                .orElseGet(() -> builder.encryption(QueueEncryption.SQS_MANAGED))
                .build();
        if (key.isEmpty()) {
            CheckovSkip.skip(
                    queue,
                    CheckovSkip.QUEUE_KMS_KEY,
                    "Encrypted at rest with SQS-managed keys (SqsManagedSseEnabled: true, SSE-SQS); checkov's "
                            + "CloudFormation check only reads KmsMasterKeyId. A customer-managed key is opt-in: context "
                            + "encryptionKey (create, or a key ARN) sets KmsMasterKeyId, and this check passes.");
        }
        return queue;
    }

    /**
     * Builds a log group encrypted with the key, if there is one, and lets CloudWatch Logs use the key for that log
     * group only. The key policy's condition names the log group's ARN, and the log group references the key, so the
     * group gets the fixed {@code name} (an unnamed group's ARN is known only once it exists: a circular reference).
     * Without a key the group keeps CloudWatch Logs' default encryption and its generated name, and the compliance
     * packs and checkov are told why that suffices.
     */
    LogGroup build(LogGroup.Builder builder, String name) {
        key.ifPresent(customerKey -> {
            builder.logGroupName(name).encryptionKey(customerKey);
            allowCloudWatchLogs(customerKey, name);
        });
        LogGroup logGroup = builder.build();
        if (key.isEmpty()) {
            String reason = "CloudWatch Logs encrypts every log group at rest (AES-256-GCM) with keys it manages. A "
                    + "customer-managed KMS key is opt-in: context encryptionKey (create, or a key ARN) encrypts this log "
                    + "group, the tables and the queue with it, and this finding no longer arises.";
            NagSuppression.suppressInCompliancePacks(logGroup, NagSuppression.LOG_GROUP_ENCRYPTED, reason);
            CheckovSkip.skip(logGroup, CheckovSkip.LOG_GROUP_KMS_KEY, reason);
        }
        return logGroup;
    }

    private void allowCloudWatchLogs(IKey customerKey, String logGroupName) {
        Stack stack = Stack.of(this);
        String logGroupArn = stack.formatArn(ArnComponents.builder()
                .service("logs")
                .resource("log-group")
                .resourceName(logGroupName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        boolean added = customerKey
                .addToResourcePolicy(PolicyStatement.Builder.create()
                        .sid("AllowCloudWatchLogsForTheFunctionLogGroup")
                        .principals(
                                List.of(new ServicePrincipal("logs." + stack.getRegion() + "." + stack.getUrlSuffix())))
                        .actions(LOGS_KEY_ACTIONS)
                        .resources(List.of("*"))
                        .conditions(Map.of("ArnEquals", Map.of(LOGS_ENCRYPTION_CONTEXT, logGroupArn)))
                        .build())
                .getStatementAdded();
        if (!added) {
            // An existing key's policy is not the stack's to change; without this statement the log group's
            // creation fails. Said at every synth, so that whoever deploys sees it before CloudFormation does.
            ArnComponents keyArn = stack.splitArn(customerKey.getKeyArn(), ArnFormat.SLASH_RESOURCE_NAME);
            Annotations.of(this)
                    .addWarningV2(
                            LOGS_STATEMENT_WARNING,
                            "The key " + customerKey.getKeyArn()
                                    + " is not the stack's: its key policy must let CloudWatch Logs "
                                    + "use it for the function's log group, or the deployment fails. Allow the Service logs."
                                    + keyArn.getRegion() + ".amazonaws.com the actions "
                                    + String.join(", ", LOGS_KEY_ACTIONS)
                                    + " on Resource \"*\" with the Condition ArnEquals " + LOGS_ENCRYPTION_CONTEXT
                                    + " = arn:"
                                    + keyArn.getPartition() + ":logs:" + keyArn.getRegion()
                                    + ":<this stack's account>:log-group:"
                                    + logGroupName + ", and deploy the stack in " + keyArn.getRegion()
                                    + " (README, Configuration: encryptionKey).");
        }
    }
}
