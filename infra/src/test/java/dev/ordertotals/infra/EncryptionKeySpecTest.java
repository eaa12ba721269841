package dev.ordertotals.infra;

import static dev.ordertotals.infra.Synthesized.getAtt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.infra.PermissionsSpecTest.Grant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.constructs.IConstruct;

/**
 * Context {@code encryptionKey}: by default the services' own keys; {@code create} makes one rotating key for the
 * three tables, the on-failure queue and the function's log group, whose policy lets CloudWatch Logs use it for that
 * log group only, and the function's role gets only the KMS actions its writes and reads need; an ARN uses that key
 * and creates none.
 */
class EncryptionKeySpecTest {

    private static final String LOG_GROUP_NAME = "/aws/lambda/OrderTotals-aggregator";

    private static Synthesized deployed;
    private static Synthesized created;
    private static Synthesized existing;
    private static Map<String, Object> createdKeyArn;

    enum StackTable {
        ORDERS(stack -> stack.orders().table()),
        TOTALS(stack -> stack.totals().table()),
        STATE(stack -> stack.ledger().table());

        private final Function<OrderTotalsStack, ITable> table;

        StackTable(Function<OrderTotalsStack, ITable> table) {
            this.table = table;
        }
    }

    @BeforeAll
    static void synthesize() {
        deployed = SynthesizedStack.deployedStack();
        created = SynthesizedStack.withCreatedKey();
        existing = SynthesizedStack.withExistingKey();
        createdKeyArn = getAtt(
                created.logicalId(created.stack().encryption().createdKey().orElseThrow()), "Arn");
    }

    // By default: the services' own keys, nothing of KMS in the stack.

    @Test
    void defaultStackHasNoKey() {
        deployed.template().resourceCountIs("AWS::KMS::Key", 0);
    }

    @Test
    void logGroupKeepsCloudWatchLogsDefaultEncryptionAndGeneratedNameByDefault() {
        assertThat(deployed.properties(deployed.stack().aggregator().logGroup()))
                .doesNotContainKeys("KmsKeyId", "LogGroupName");
    }

    @Test
    void roleHasNoKmsActionsByDefault() {
        assertThat(grants(deployed)).flatExtracting(Grant::actions).noneMatch(action -> action.startsWith("kms:"));
    }

    // encryptionKey=create

    @Test
    void createMakesExactlyOneKey() {
        created.template().resourceCountIs("AWS::KMS::Key", 1);
    }

    @Test
    void createdKeyRotates() {
        assertThat(keyProperties()).containsEntry("EnableKeyRotation", true);
    }

    @ParameterizedTest
    @EnumSource(StackTable.class)
    void everyTableIsEncryptedWithTheCreatedKey(StackTable table) {
        assertThat(created.properties(table.table.apply(created.stack())).get("SSESpecification"))
                .isEqualTo(Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", createdKeyArn));
    }

    @Test
    void onFailureQueueIsEncryptedWithTheCreatedKey() {
        assertThat(created.properties(created.stack().onFailure().queue()))
                .containsEntry("KmsMasterKeyId", createdKeyArn)
                .doesNotContainKey("SqsManagedSseEnabled");
    }

    @Test
    void logGroupIsEncryptedWithTheCreatedKey() {
        assertThat(created.properties(created.stack().aggregator().logGroup()))
                .containsEntry("KmsKeyId", createdKeyArn);
    }

    @Test
    void encryptedLogGroupHasTheNameTheKeyPolicyNames() {
        assertThat(created.properties(created.stack().aggregator().logGroup()))
                .containsEntry("LogGroupName", LOG_GROUP_NAME);
    }

    @Test
    void keyPolicyIsTheAccountRootAndCloudWatchLogsForTheFunctionLogGroupOnly() {
        assertThat(keyPolicyStatements())
                .containsExactlyInAnyOrder(
                        // CDK's default statement: the account's IAM policies decide who else may use the key.
                        Map.of(
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of(
                                        "AWS",
                                        join("arn:", ref("AWS::Partition"), ":iam::", ref("AWS::AccountId"), ":root")),
                                "Action",
                                "kms:*",
                                "Resource",
                                "*"),
                        Map.of(
                                "Sid",
                                "AllowCloudWatchLogsForTheFunctionLogGroup",
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of("Service", join("logs.", ref("AWS::Region"), ".", ref("AWS::URLSuffix"))),
                                "Action",
                                List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"),
                                "Resource",
                                "*",
                                "Condition",
                                Map.of(
                                        "ArnEquals",
                                        Map.of(
                                                "kms:EncryptionContext:aws:logs:arn",
                                                join(
                                                        "arn:",
                                                        ref("AWS::Partition"),
                                                        ":logs:",
                                                        ref("AWS::Region"),
                                                        ":",
                                                        ref("AWS::AccountId"),
                                                        ":log-group:" + LOG_GROUP_NAME)))));
    }

    @Test
    void onlyTheAccountRootMayDoEverythingWithTheKey() {
        assertThat(keyPolicyStatements())
                .filteredOn(statement -> actions(statement).stream().anyMatch(action -> action.equals("kms:*")))
                .extracting(statement -> statement.get("Principal"))
                .containsExactly(
                        Map.of("AWS", join("arn:", ref("AWS::Partition"), ":iam::", ref("AWS::AccountId"), ":root")));
    }

    @Test
    void roleKmsGrantsAreExactlyWhatItsWritesAndReadsNeed() {
        assertThat(kmsGrants(created))
                .containsExactlyInAnyOrder(
                        // DynamoDB decrypts the table key of totals and state with the writer's permission.
                        Grant.allow(createdKeyArn, "kms:Decrypt"),
                        // SQS: a sender generates the message's data key and may reuse it.
                        Grant.allow(createdKeyArn, "kms:GenerateDataKey", "kms:Decrypt"),
                        // The event source's stream read, as CDK grants it.
                        Grant.allow(createdKeyArn, "kms:Decrypt", "kms:DescribeKey"));
    }

    @Test
    void keyAddsOnlyKmsGrantsToTheRole() {
        List<Grant> expected = new ArrayList<>(grants(deployed));
        expected.addAll(kmsGrants(created));
        assertThat(grants(created)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void functionRoleIsNotInTheKeyPolicy() {
        // Same account: the role's identity policy is enough, through the root statement.
        assertThat(keyPolicyStatements())
                .extracting(statement -> statement.get("Principal").toString())
                .noneMatch(principal -> principal.contains(
                        created.logicalId(created.stack().aggregator().role())));
    }

    // encryptionKey=<ARN>

    @Test
    void existingKeyCreatesNoKey() {
        existing.template().resourceCountIs("AWS::KMS::Key", 0);
    }

    @ParameterizedTest
    @EnumSource(StackTable.class)
    void everyTableIsEncryptedWithTheExistingKey(StackTable table) {
        assertThat(existing.properties(table.table.apply(existing.stack())).get("SSESpecification"))
                .isEqualTo(Map.of(
                        "SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", ContextOverrides.EXISTING_KEY_ARN));
    }

    @Test
    void onFailureQueueAndLogGroupAreEncryptedWithTheExistingKey() {
        assertThat(existing.properties(existing.stack().onFailure().queue()))
                .containsEntry("KmsMasterKeyId", ContextOverrides.EXISTING_KEY_ARN);
        assertThat(existing.properties(existing.stack().aggregator().logGroup()))
                .containsEntry("KmsKeyId", ContextOverrides.EXISTING_KEY_ARN)
                .containsEntry("LogGroupName", LOG_GROUP_NAME);
    }

    @Test
    void roleKmsGrantsOnTheExistingKeyAreTheSame() {
        String arn = ContextOverrides.EXISTING_KEY_ARN;
        assertThat(kmsGrants(existing))
                .containsExactlyInAnyOrder(
                        Grant.allow(arn, "kms:Decrypt"),
                        Grant.allow(arn, "kms:GenerateDataKey", "kms:Decrypt"),
                        Grant.allow(arn, "kms:Decrypt", "kms:DescribeKey"));
    }

    @Test
    void synthWarnsThatTheExistingKeyMustAllowCloudWatchLogs() {
        // The stack cannot add the statement to a key it does not own; the deployment fails without it.
        assertThat(Annotations.fromStack(existing.stack())
                        .findWarning(
                                "*",
                                Match.stringLikeRegexp(
                                        ".*logs\\.eu-west-1\\.amazonaws\\.com.*log-group:" + LOG_GROUP_NAME + ".*")))
                .hasSize(1);
    }

    @Test
    void keyArnIsAStackOutputOnlyWithAKey() {
        assertThat(created.section("Outputs").get("EncryptionKeyArn")).containsEntry("Value", createdKeyArn);
        assertThat(existing.section("Outputs").get("EncryptionKeyArn"))
                .containsEntry("Value", ContextOverrides.EXISTING_KEY_ARN);
        assertThat(deployed.section("Outputs")).doesNotContainKey("EncryptionKeyArn");
    }

    private static Map<String, Object> keyProperties() {
        return created.properties(created.stack().encryption().createdKey().orElseThrow());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keyPolicyStatements() {
        return (List<Map<String, Object>>)
                ((Map<String, Object>) keyProperties().get("KeyPolicy")).get("Statement");
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof Collection<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(action));
    }

    @SuppressWarnings("unchecked")
    private static List<Grant> grants(Synthesized synthesized) {
        IConstruct policy = synthesized.stack().aggregator().policy();
        Map<String, Object> document =
                (Map<String, Object>) synthesized.properties(policy).get("PolicyDocument");
        return ((List<Map<String, Object>>) document.get("Statement"))
                .stream().map(Grant::of).toList();
    }

    private static List<Grant> kmsGrants(Synthesized synthesized) {
        return grants(synthesized).stream()
                .filter(grant -> grant.actions().stream().anyMatch(action -> action.startsWith("kms:")))
                .toList();
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    private static Map<String, Object> join(Object... parts) {
        return Map.of("Fn::Join", List.of("", List.of(parts)));
    }
}
